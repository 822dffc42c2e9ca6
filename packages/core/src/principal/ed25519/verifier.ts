import type { DID, Verifier } from '../interface.js'
import { getEd25519Backend } from './backends.js'
import type { BoundEd25519Key, Ed25519BackendName } from './backends.js'
import { isEd25519SignatureWellFormed } from './rules.js'

/**
 * An Ed25519 did:key verifier. Its key passed `ed25519PublicKeyProblem` when
 * the DID was parsed; each signature gets the cheap shared pre-check, then
 * the current backend (`getEd25519Backend()`), into which the key is
 * imported once and kept (a `KeyObject`, `CryptoKey` or decoded point).
 */
export class Ed25519Verifier implements Verifier {
  readonly keyType = 'Ed25519' as const
  readonly #publicKey: Uint8Array
  readonly #did: DID
  readonly #bound = new Map<Ed25519BackendName, BoundEd25519Key>()

  /** @param publicKey - a key that passed `ed25519PublicKeyProblem`; copied. */
  constructor(publicKey: Uint8Array, did: DID) {
    this.#publicKey = publicKey.slice()
    this.#did = did
  }

  /** A copy: verifiers are shared through the cache, so callers must not be able to alter one. */
  get publicKey(): Uint8Array {
    return this.#publicKey.slice()
  }

  did(): DID {
    return this.#did
  }

  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (!isEd25519SignatureWellFormed(signature)) return Promise.resolve(false)
    const backend = getEd25519Backend()
    let bound = this.#bound.get(backend.name)
    if (bound === undefined) {
      bound = backend.bind(this.#publicKey)
      this.#bound.set(backend.name, bound)
    }
    return bound(message, signature)
  }
}
