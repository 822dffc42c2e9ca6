import { formatDidKey } from './did-key.js'
import { EcdsaVerifier, Secp256k1Verifier } from './ecdsa-verifier.js'
import { Ed25519Verifier } from './ed25519/verifier.js'
import type { DigestVerifier, KeyType, Verifier } from './interface.js'

/** A verifier for a key that already passed `publicKeyProblem` (no re-validation here). */
export function createVerifier(keyType: KeyType, publicKey: Uint8Array): Verifier {
  const did = formatDidKey(keyType, publicKey)
  switch (keyType) {
    case 'Ed25519':
      return new Ed25519Verifier(publicKey, did)
    case 'secp256k1':
      return new Secp256k1Verifier(publicKey, did)
    case 'P-256':
      return new EcdsaVerifier('P-256', publicKey, did)
  }
}

/** Whether `verifier` can also check signatures over a caller-supplied digest (secp256k1 keys). */
export function isDigestVerifier(verifier: Verifier): verifier is DigestVerifier {
  return verifier instanceof Secp256k1Verifier
}
