/**
 * Map keys for CIDs on the verification hot path.
 *
 * `cid.toString()` (base32) costs an encoding and an entry in a WeakMap of
 * multiformats per new CID object, and every invocation brings new CID objects
 * (its `prf`). Maps here are keyed instead by the CID's binary form held in a
 * string (one char per byte): two keys are equal exactly when the CIDs' bytes
 * are, which is when their base32 strings are. String forms are computed only
 * for errors and results.
 */
import { sha256 } from '@capchain/core'
import type { CID } from 'multiformats/cid'

/** The binary string of `bytes` (one UTF-16 code unit per byte). */
function binary(bytes: Uint8Array): string {
  const CHUNK = 4096 // bounded argument count (a CID in `prf` may carry a large identity digest)
  if (bytes.length <= CHUNK) return String.fromCharCode.apply(null, bytes as unknown as number[])
  let key = ''
  for (let i = 0; i < bytes.length; i += CHUNK) {
    key += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[])
  }
  return key
}

/** The key of a CID. */
export function cidKey(cid: CID): string {
  return binary(cid.bytes)
}

/** CIDv1 prefix: version 1, codec dag-cbor (0x71), multihash sha2-256 (0x12), 32 bytes. */
const TOKEN_CID_PREFIX = '\x01\x71\x12\x20'

/**
 * The key of the CID of `bytes` (CIDv1, dag-cbor, sha2-256), computed from
 * the bytes: equal to `cidKey(dagCborCid(bytes))`, without building the CID.
 */
export function tokenKey(bytes: Uint8Array): string {
  return TOKEN_CID_PREFIX + binary(sha256(bytes))
}
