/**
 * Map keys for CIDs on the verification hot path.
 *
 * `cid.toString()` (base32) costs an encoding and an entry in a WeakMap of
 * multiformats per new CID object, and every invocation brings new CID objects
 * (its `prf`). Maps here are keyed instead by the CID's binary form held in a
 * string: two keys are equal exactly when the CIDs' bytes are, which is when
 * their base32 strings are. String forms are computed only for errors and
 * results.
 *
 * Two encodings, told apart by their first code unit, so a key never stands
 * for two byte strings:
 * - a 36-byte CIDv1 (first byte 0x01; every token CID: dag-cbor, sha2-256):
 *   18 code units, each two bytes big-endian, so the first is 0x01xx;
 * - anything else: one code unit per byte, so the first is below 0x100.
 */
import { sha256 } from '@capchain/core/lean'
import type { CID } from 'multiformats/cid'

/** Two bytes per code unit, for 32 bytes at `offset`: 16 code units. */
function pairs32(b: Uint8Array, o: number): string {
  return String.fromCharCode(
    (b[o]! << 8) | b[o + 1]!,
    (b[o + 2]! << 8) | b[o + 3]!,
    (b[o + 4]! << 8) | b[o + 5]!,
    (b[o + 6]! << 8) | b[o + 7]!,
    (b[o + 8]! << 8) | b[o + 9]!,
    (b[o + 10]! << 8) | b[o + 11]!,
    (b[o + 12]! << 8) | b[o + 13]!,
    (b[o + 14]! << 8) | b[o + 15]!,
    (b[o + 16]! << 8) | b[o + 17]!,
    (b[o + 18]! << 8) | b[o + 19]!,
    (b[o + 20]! << 8) | b[o + 21]!,
    (b[o + 22]! << 8) | b[o + 23]!,
    (b[o + 24]! << 8) | b[o + 25]!,
    (b[o + 26]! << 8) | b[o + 27]!,
    (b[o + 28]! << 8) | b[o + 29]!,
    (b[o + 30]! << 8) | b[o + 31]!,
  )
}

/** One code unit per byte. */
function perByte(bytes: Uint8Array): string {
  const CHUNK = 4096 // bounded argument count (a CID in `prf` may carry a large identity digest)
  let key = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    key += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[])
  }
  return key
}

/** The key of a CID's bytes. */
export function bytesKey(b: Uint8Array): string {
  if (b.length !== 36 || b[0] !== 0x01) return perByte(b)
  return String.fromCharCode((b[0] << 8) | b[1]!, (b[2]! << 8) | b[3]!) + pairs32(b, 4)
}

/** The key of a CID. */
export function cidKey(cid: CID): string {
  return bytesKey(cid.bytes)
}

/** The first two code units of a token CID's key: 0x01 0x71 (CIDv1, dag-cbor), 0x12 0x20 (sha2-256, 32 bytes). */
const TOKEN_CID_PREFIX = String.fromCharCode(0x0171, 0x1220)

/**
 * The key of the CID of `bytes` (CIDv1, dag-cbor, sha2-256), computed from
 * the bytes: equal to `cidKey(dagCborCid(bytes))`, without building the CID.
 */
export function tokenKey(bytes: Uint8Array): string {
  return TOKEN_CID_PREFIX + pairs32(sha256(bytes), 0)
}
