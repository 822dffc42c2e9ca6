import { UnsupportedDidError } from '../errors.js'
import { ecdsaNotEnabled, formatDidKey } from './did-key.js'
import { ecdsaSupport } from './ecdsa-support.js'
import { Ed25519Verifier } from './ed25519/verifier.js'
import type { KeyType, Verifier } from './interface.js'

/**
 * A verifier for a key that already passed `publicKeyProblem` (no re-validation here).
 * @throws {UnsupportedDidError} for an ECDSA key when ECDSA support is not registered
 */
export function createVerifier(keyType: KeyType, publicKey: Uint8Array): Verifier {
  const did = formatDidKey(keyType, publicKey)
  if (keyType === 'Ed25519') return new Ed25519Verifier(publicKey, did)
  const ecdsa = ecdsaSupport()
  if (ecdsa === undefined) throw new UnsupportedDidError(ecdsaNotEnabled(keyType))
  return ecdsa.createVerifier(keyType, publicKey, did)
}
