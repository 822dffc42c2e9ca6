import { CID } from 'multiformats/cid'
import { Digest } from 'multiformats/hashes/digest'
import { cidBuffer } from '../hash/cid-slab.js'

const SHA2_256 = 0x12
const SLOTS = 256
const slots: Array<CID | undefined> = new Array<CID | undefined>(SLOTS).fill(undefined)

/**
 * The common case of `CID.decode`, without its generic parsing: a CIDv1 with
 * a one-byte codec and a 32-byte sha2-256 multihash (every UCAN token's CID).
 * Builds a CID equal to the one `CID.decode` would (same version, codec,
 * digest and bytes). `undefined` for anything else, which takes the generic path.
 *
 * Recent ones come from a cache: an invocation names the same proofs as the
 * ones before it, and a CID costs several allocations to build. Reusing one
 * is safe because a CID is immutable and, unlike a CID decoded as a view of
 * its input, a cached one owns its bytes (a later change to an input buffer
 * cannot reach it, and it keeps no input alive). Bounded: a fixed table of
 * slots, picked by the digest's last bytes; a collision only costs a miss.
 */
export function tokenCid(data: Uint8Array, start: number, end: number): CID | undefined {
  if (end - start !== 36 || data[start] !== 0x01 || data[start + 1]! >= 0x80 || data[start + 2] !== SHA2_256 || data[start + 3] !== 32) {
    return undefined
  }
  const slot = ((data[end - 2]! << 8) | data[end - 1]!) & (SLOTS - 1)
  const cached = slots[slot]
  if (cached !== undefined && holdsCid(data, start, cached.bytes)) return cached
  const own = cidBuffer()
  for (let i = 0; i < 36; i++) own[i] = data[start + i]!
  const cid = new CID(1, own[1]!, new Digest(SHA2_256, 32, own.subarray(4), own.subarray(2)), own)
  slots[slot] = cid
  return cid
}

/** Whether `data` holds the 36 bytes `cid` at `start`. */
function holdsCid(data: Uint8Array, start: number, cid: Uint8Array): boolean {
  for (let i = 0; i < 36; i++) {
    if (data[start + i] !== cid[i]) return false
  }
  return true
}
