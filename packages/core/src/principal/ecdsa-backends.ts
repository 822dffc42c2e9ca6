/**
 * ECDSA (SHA-256, P1363 `r || s`) verification backends: `node:crypto`
 * (OpenSSL, about 25x faster than noble for P-256) and `@noble/curves`.
 *
 * Both run only after the shared signature rule (`ecdsa-signature-rule.ts`) has passed,
 * so they see the same inputs and must give the same answer: the tests run
 * every Wycheproof vector through each.
 */
import type { KeyObject } from 'node:crypto'
import { ECDSA_CURVES, ecdsaPublicKeyProblem } from './ecdsa-curves.js'
import type { EcdsaCurve, EcdsaKeyType } from './ecdsa-curves.js'
import { isAcceptedEcdsaSignature } from './ecdsa-signature-rule.js'
import { nodeCrypto } from './node-crypto.js'

export type EcdsaBackendName = 'node' | 'noble'

/** A pre-checked public key imported into one backend; checks a pre-checked signature over SHA-256(message). */
export type BoundEcdsaKey = (message: Uint8Array, signature: Uint8Array) => boolean

export interface EcdsaBackend {
  readonly name: EcdsaBackendName
  /** Whether this backend can run in the current runtime. */
  available(): boolean
  /** Full rule: key check, signature rule (low S on secp256k1), then this backend. Returns `false` for any bad input; never throws. */
  verify(keyType: EcdsaKeyType, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean
  /** Imports a pre-checked public key once, for repeated verification. */
  bind(curve: EcdsaCurve, publicKey: Uint8Array): BoundEcdsaKey
}

function bindNoble(curve: EcdsaCurve, publicKey: Uint8Array): BoundEcdsaKey {
  const key = publicKey.slice()
  return (message, signature) => {
    try {
      return curve.noble.verify(signature, message, key, { prehash: true, lowS: curve.lowSOnly, format: 'compact' })
    } catch {
      return false
    }
  }
}

function bindNode(curve: EcdsaCurve, publicKey: Uint8Array): BoundEcdsaKey {
  const crypto = nodeCrypto()
  let keyObject: KeyObject | undefined
  try {
    keyObject = crypto?.createPublicKey({
      key: Buffer.concat([curve.spkiPrefix, publicKey]),
      format: 'der',
      type: 'spki',
    })
  } catch {
    // An OpenSSL without this curve (e.g. BoringSSL in Electron lacks
    // secp256k1): the key passed our check, so noble takes over.
  }
  if (crypto === undefined || keyObject === undefined) return bindNoble(curve, publicKey)
  const key = { key: keyObject, dsaEncoding: 'ieee-p1363' } as const
  return (message, signature) => {
    try {
      return crypto.verify('sha256', message, key, signature)
    } catch {
      return false
    }
  }
}

function makeBackend(
  name: EcdsaBackendName,
  available: () => boolean,
  bind: (curve: EcdsaCurve, publicKey: Uint8Array) => BoundEcdsaKey,
): EcdsaBackend {
  return {
    name,
    available,
    bind,
    verify(keyType, publicKey, message, signature) {
      if (!Object.hasOwn(ECDSA_CURVES, keyType)) return false
      const curve = ECDSA_CURVES[keyType]
      if (ecdsaPublicKeyProblem(curve, publicKey) !== undefined) return false
      if (!isAcceptedEcdsaSignature(curve, signature)) return false
      return bind(curve, publicKey)(message, signature)
    },
  }
}

/** Both ECDSA backends, each applying the shared key and signature rules. */
export const ecdsaBackends: Readonly<Record<EcdsaBackendName, EcdsaBackend>> = {
  node: makeBackend('node', () => nodeCrypto() !== undefined, bindNode),
  noble: makeBackend('noble', () => true, bindNoble),
}

/** The backend verifiers use: `node` when running in Node.js, else `noble`. */
export function defaultEcdsaBackend(): EcdsaBackend {
  return ecdsaBackends.node.available() ? ecdsaBackends.node : ecdsaBackends.noble
}
