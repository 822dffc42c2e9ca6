import { equals } from 'uint8arrays/equals'
import { InvalidSignatureError } from '../errors.js'
import type { DigestVerifier } from '../principal/interface.js'
import { recoverSecp256k1PublicKey } from '../principal/secp256k1.js'
import { compactEip191Signature } from './eip191-compact.js'
import { eip191Digest } from './eip191.js'

// The byte forms live apart from verification, so that reading an envelope's identity leaves the curves out of a bundle.
export { compactEip191Signature, EIP191_RECOVERY_BYTES } from './eip191-compact.js'

/**
 * Check an EIP-191 (`personal_sign`) signature over `signedBytes` against
 * the issuer's secp256k1 key. The 64-byte form is verified with the key; the
 * 65-byte form must recover exactly that key with its own `v`, so a wrong
 * recovery byte is refused as a wallet's verifier would refuse it (a
 * recovered key satisfies the ECDSA equation by construction, so comparing
 * it is as strict as verifying). Low S only, on both forms.
 *
 * Returns `false` for any signature that does not verify; never throws.
 */
export function verifyEip191Signature(verifier: DigestVerifier, signedBytes: Uint8Array, signature: Uint8Array): boolean {
  if (compactEip191Signature(signature) === undefined) return false
  const digest = eip191Digest(signedBytes)
  if (signature.length === 64) return verifier.verifyDigest(digest, signature)
  try {
    return equals(recoverSecp256k1PublicKey(digest, signature), verifier.publicKey)
  } catch (error) {
    if (error instanceof InvalidSignatureError) return false
    throw error
  }
}
