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

/** The field prime p = 2^255 - 19. */
const P = 2n ** 255n - 19n
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

/**
 * Whether 32 bytes are the canonical encoding of a field element y with a sign
 * bit: `y < p`, and not the sign bit set with `x = 0` (x is 0 exactly when
 * y = 1 or y = p - 1). Does not check that the point is on the curve.
 */
function isCanonicalPointEncoding(bytes: Uint8Array): boolean {
  if (bytes.length !== 32) return false
  const last = bytes[31] ?? 0
  const signBit = (last & 0x80) !== 0
  const y = bytesToBigintLE(bytes) & ((1n << 255n) - 1n)
  if (y >= P) return false
  return !(signBit && (y === 1n || y === P - 1n))
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
  return bytesToBigintLE(signature.subarray(32)) < L
}
