import { equals } from 'uint8arrays/equals'
import { InvalidSignatureError } from '../errors.js'
import type { DigestVerifier } from '../principal/interface.js'
import { recoverSecp256k1PublicKey } from '../principal/secp256k1.js'
import { eip191Digest } from './eip191.js'

/**
 * The recovery bytes a 65-byte EIP-191 envelope signature may end with.
 * `personal_sign` answers with 27 / 28 in every wallet we know of (MetaMask,
 * viem and ethers accounts, iso-signatures through an EIP-1193 provider);
 * 0 / 1 appear only from raw hardware-wallet APIs, which wallet software
 * normalises before answering, so they are refused: one fewer byte form.
 */
export const EIP191_RECOVERY_BYTES: readonly number[] = [27, 28]

/**
 * The 64-byte `r || s` an EIP-191 envelope signature stands for: the
 * signature itself when 64 bytes, its first 64 bytes when it is the wallet's
 * 65-byte `r || s || v` with an accepted `v`; `undefined` for any other form.
 * Both forms are one signed statement with one identity (`identity.ts`).
 */
export function compactEip191Signature(signature: Uint8Array): Uint8Array | undefined {
  if (signature.length === 64) return signature
  if (signature.length === 65 && EIP191_RECOVERY_BYTES.includes(signature[64]!)) return signature.subarray(0, 64)
  return undefined
}

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
