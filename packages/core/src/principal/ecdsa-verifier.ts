import { defaultEcdsaBackend } from './ecdsa-backends.js'
import type { BoundEcdsaKey } from './ecdsa-backends.js'
import { ECDSA_CURVES } from './ecdsa-curves.js'
import type { EcdsaCurve, EcdsaKeyType } from './ecdsa-curves.js'
import { isAcceptedEcdsaSignature } from './ecdsa-signature-rule.js'
import type { DID, DigestVerifier, Verifier } from './interface.js'

/**
 * A secp256k1 or P-256 did:key verifier: ECDSA over SHA-256(message), raw
 * `r || s`, low S only on secp256k1 (`ecdsa-signature-rule.ts`). The key is imported into the
 * default backend on first use and kept.
 */
export class EcdsaVerifier implements Verifier {
  readonly keyType: EcdsaKeyType
  protected readonly curve: EcdsaCurve
  protected readonly key: Uint8Array
  readonly #did: DID
  #bound: BoundEcdsaKey | undefined

  /** @param publicKey - a key that passed `ecdsaPublicKeyProblem`; copied. */
  constructor(keyType: EcdsaKeyType, publicKey: Uint8Array, did: DID) {
    this.keyType = keyType
    this.curve = ECDSA_CURVES[keyType]
    this.key = publicKey.slice()
    this.#did = did
  }

  /** A copy: verifiers are shared through the cache, so callers must not be able to alter one. */
  get publicKey(): Uint8Array {
    return this.key.slice()
  }

  did(): DID {
    return this.#did
  }

  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (!isAcceptedEcdsaSignature(this.curve, signature)) return Promise.resolve(false)
    this.#bound ??= defaultEcdsaBackend().bind(this.curve, this.key)
    return Promise.resolve(this.#bound(message, signature))
  }
}

/** secp256k1 adds verification over a caller-supplied 32-byte digest (EIP-191 hashes with Keccak-256). */
export class Secp256k1Verifier extends EcdsaVerifier implements DigestVerifier {
  constructor(publicKey: Uint8Array, did: DID) {
    super('secp256k1', publicKey, did)
  }

  /** Same low-S rule as `verify`; `false` (never a throw) for a digest that is not 32 bytes. */
  verifyDigest(digest: Uint8Array, signature: Uint8Array): boolean {
    if (!(digest instanceof Uint8Array) || digest.length !== 32) return false
    if (!isAcceptedEcdsaSignature(this.curve, signature)) return false
    try {
      return this.curve.noble.verify(signature, digest, this.key, { prehash: false, lowS: true, format: 'compact' })
    } catch {
      return false
    }
  }
}
