/**
 * The ECDSA signature rule, shared by both curves and every backend.
 *
 * A signature is the raw 64-byte `r || s` (IEEE P1363) with `1 <= r < n` and
 * `1 <= s < n`; on secp256k1 also `s <= (n - 1) / 2` (LOW-S ONLY, as Bitcoin
 * (BIP 62/146) and Ethereum (EIP-2) require). P-256 accepts both halves:
 * WebCrypto never normalises S, so browsers with non-extractable keys and
 * iso-ucan sign about half their tokens with a high S, and neither UCAN 1.0
 * nor varsig forbids it. For any valid `(r, s)`, `(r, n - s)` is valid too;
 * the malleability this leaves on P-256 is closed by identity, not by
 * refusal: a high-S token's identity is the CID of its low-S twin
 * (`envelope/identity.ts`, using `lowSTwin`), so both forms share one replay
 * record, one cap ledger entry and one revocation.
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

/** Whether `signature` satisfies the rule above for `curve`: 64 bytes, `r` and `s` in range, and `s` low where the curve requires it. */
export function isAcceptedEcdsaSignature(curve: EcdsaCurve, signature: Uint8Array): boolean {
  const parts = splitSignature(signature)
  if (parts === undefined) return false
  const { r, s } = parts
  const n = curve.order
  return r >= 1n && r < n && s >= 1n && s <= (curve.lowSOnly ? n >> 1n : n - 1n)
}

/** Whether `signature` is 64 bytes with `r` and `s` in range and `s` low, on any curve. */
export function isLowSSignature(curve: EcdsaCurve, signature: Uint8Array): boolean {
  const parts = splitSignature(signature)
  if (parts === undefined) return false
  const { r, s } = parts
  const n = curve.order
  return r >= 1n && r < n && s >= 1n && s <= n >> 1n
}

/**
 * `r || (n - s)` when `signature` is 64 bytes with a high `s` in range;
 * `undefined` otherwise (already low, or malformed). Only the high half is
 * rewritten, so the common low-S case allocates nothing.
 */
export function lowSTwin(curve: EcdsaCurve, signature: Uint8Array): Uint8Array | undefined {
  const parts = splitSignature(signature)
  if (parts === undefined) return undefined
  const n = curve.order
  if (parts.s <= n >> 1n || parts.s >= n) return undefined
  const twin = signature.slice()
  let low = n - parts.s
  for (let i = 63; i >= 32; i--) {
    twin[i] = Number(low & 0xffn)
    low >>= 8n
  }
  return twin
}
