// Apart from createVerifier (verifier.ts), so that making verifiers leaves the curves out of a bundle that never asks this.
import { Secp256k1Verifier } from './ecdsa-verifier.js'
import type { DigestVerifier, Verifier } from './interface.js'

/** Whether `verifier` can also check signatures over a caller-supplied digest (secp256k1 keys). */
export function isDigestVerifier(verifier: Verifier): verifier is DigestVerifier {
  return verifier instanceof Secp256k1Verifier
}
