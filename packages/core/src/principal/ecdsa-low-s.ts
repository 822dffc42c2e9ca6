/**
 * The ECDSA signature rule, shared by both curves and every backend.
 *
 * A signature is the raw 64-byte `r || s` (IEEE P1363) with
 * `1 <= r < n` and `1 <= s <= (n - 1) / 2`: LOW-S ONLY. For any valid
 * `(r, s)`, `(r, n - s)` is valid too, so accepting both would give every
 * signed token two encodings and two CIDs (malleability). Bitcoin (BIP 62/146)
 * and Ethereum (EIP-2) settled on low S; our signers always produce it, and we
 * apply the same rule to P-256 so that both curves behave alike. This rejects
 * some signatures other libraries accept (Wycheproof lists 72 such `valid`
 * vectors for secp256k1); that is deliberate.
 */
import type { EcdsaCurve } from './ecdsa-curves.js'

const ECDSA_SIGNATURE_LENGTH = 64

function bytesToBigintBE(bytes: Uint8Array): bigint {
  let n = 0n
  for (const byte of bytes) n = (n << 8n) | BigInt(byte)
  return n
}

/** `r` and `s` of a 64-byte P1363 signature, without range checks; `undefined` if not 64 bytes. */
function splitSignature(signature: Uint8Array): { r: bigint; s: bigint } | undefined {
  if (!(signature instanceof Uint8Array) || signature.length !== ECDSA_SIGNATURE_LENGTH) return undefined
  return { r: bytesToBigintBE(signature.subarray(0, 32)), s: bytesToBigintBE(signature.subarray(32, 64)) }
}

/** Whether `signature` satisfies the rule above: 64 bytes, `r` in range, `s` in range and low. */
export function isLowSSignature(curve: EcdsaCurve, signature: Uint8Array): boolean {
  const parts = splitSignature(signature)
  if (parts === undefined) return false
  const { r, s } = parts
  const n = curve.order
  return r >= 1n && r < n && s >= 1n && s <= n >> 1n
}
