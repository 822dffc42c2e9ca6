/**
 * The one Ed25519 acceptance rule, shared by every backend.
 *
 * We verify strict RFC 8032 PureEdDSA with the *cofactorless* equation
 * `[S]B = R + [k]A`, checked by re-encoding `[S]B - [k]A` and comparing it
 * byte for byte with `R` (OpenSSL, BoringSSL and our noble backend all do
 * exactly this). On top of that, the checks below run before any backend:
 *
 * - signature is exactly 64 bytes, public key exactly 32 (wrong length → false);
 * - `S < L` (RFC 8032 §5.1.7; otherwise `S + L` would be a second valid
 *   signature: malleability);
 * - `R` and `A` are canonical encodings: `y < p`, and the sign bit is clear
 *   when `x = 0`. A non-canonical `R` can never match a re-encoded point, but
 *   we reject it up front so that no backend depends on how it decodes;
 * - `A` decodes to a point of the prime-order subgroup: not small-order (with
 *   such a key anyone can forge signatures without a secret; with the identity,
 *   `R = [S]B` verifies for every message, and OpenSSL alone accepts it) and
 *   not mixed-order (no honest key generator produces one; cofactored and
 *   cofactorless verifiers disagree on them). This costs one scalar
 *   multiplication per key (~1 ms), paid once per DID thanks to the cache.
 *
 * No ZIP-215 leniency: ZIP-215 accepts non-canonical encodings and uses the
 * cofactored equation, which gives some signatures several encodings.
 */
import { ed } from './noble.js'

/** The prime order L of the base point. */
export const L = 2n ** 252n + 27742317777372353535851937790883648493n

const PUBLIC_KEY_LENGTH = 32
const SIGNATURE_LENGTH = 64

/** Little-endian bytes → bigint. */
export function bytesToBigintLE(bytes: Uint8Array): bigint {
  let n = 0n
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0)
  return n
}

/** L as 32 little-endian bytes, for comparing scalars without BigInt (this runs per signature). */
const L_BYTES = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
])

/** Whether 32 little-endian bytes are a scalar below L (canonical S). */
function isBelowL(scalar: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const a = scalar[i]!
    const b = L_BYTES[i]!
    if (a !== b) return a < b
  }
  return false
}

/** Whether bytes 1..30 are all 0xff (the middle of p − 1, p, …, 2^255 − 1 in little-endian). */
function middleAllOnes(bytes: Uint8Array): boolean {
  for (let i = 1; i < 31; i++) if (bytes[i] !== 0xff) return false
  return true
}

/** Whether bytes 1..30 are all zero. */
function middleAllZero(bytes: Uint8Array): boolean {
  for (let i = 1; i < 31; i++) if (bytes[i] !== 0) return false
  return true
}

/**
 * Whether 32 bytes are the canonical encoding of a field element y with a sign
 * bit: `y < p`, and not the sign bit set with `x = 0` (x is 0 exactly when
 * y = 1 or y = p - 1). Does not check that the point is on the curve.
 * Byte comparisons, no BigInt: p = 2^255 − 19 is `ed ff … ff 7f` little-endian.
 */
function isCanonicalPointEncoding(bytes: Uint8Array): boolean {
  if (bytes.length !== 32) return false
  const low = bytes[0]!
  const high = bytes[31]! & 0x7f
  const signBit = (bytes[31]! & 0x80) !== 0
  const topOnes = high === 0x7f && middleAllOnes(bytes)
  if (topOnes && low >= 0xed) return false // y >= p
  if (!signBit) return true
  const yIsOne = low === 1 && high === 0 && middleAllZero(bytes)
  const yIsPMinusOne = topOnes && low === 0xec
  return !(yIsOne || yIsPMinusOne)
}

/**
 * Why `publicKey` is not an acceptable Ed25519 key, or `undefined` if it is.
 * Costs one scalar multiplication (the subgroup check), so callers do it once
 * per key: at DID parse time, and the verifier cache keeps the result.
 */
export function ed25519PublicKeyProblem(publicKey: Uint8Array): string | undefined {
  if (!(publicKey instanceof Uint8Array)) return 'an Ed25519 public key must be a Uint8Array'
  if (publicKey.length !== PUBLIC_KEY_LENGTH) {
    return `an Ed25519 public key is ${PUBLIC_KEY_LENGTH} bytes, got ${publicKey.length}`
  }
  if (!isCanonicalPointEncoding(publicKey)) return 'the Ed25519 public key is not canonically encoded'
  const point = decodePoint(publicKey)
  if (point === undefined) return 'the Ed25519 public key is not a point on the curve'
  if (point.isSmallOrder()) return 'the Ed25519 public key is a small-order point'
  if (!point.isTorsionFree()) return 'the Ed25519 public key is not in the prime-order subgroup'
  return undefined
}

/** Strict RFC 8032 §5.1.3 decoding; `undefined` if the bytes are not a curve point. */
export function decodePoint(bytes: Uint8Array): ed.Point | undefined {
  try {
    return ed.Point.fromBytes(bytes, false)
  } catch {
    return undefined
  }
}

/**
 * The per-signature pre-check: 64 bytes, canonical `R`, `S < L`. Cheap (no
 * curve arithmetic), so it runs on every verification before the backend.
 */
export function isEd25519SignatureWellFormed(signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_LENGTH) return false
  if (!isCanonicalPointEncoding(signature.subarray(0, 32))) return false
  return isBelowL(signature.subarray(32))
}
