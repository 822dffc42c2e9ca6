/**
 * CID bytes are carved out of small shared buffers, 16 CIDs each: a 36-byte
 * array of its own would be allocated on the JS heap, and multiformats reads
 * its `.buffer`, which moves it off the heap at a cost several times that of
 * hashing a small token. A kept CID keeps at most 576 bytes alive.
 */
const SLAB_CIDS = 16
let slab = new ArrayBuffer(0)
let slabOffset = 0

/** 36 fresh bytes for a CIDv1 with a one-byte codec and a sha2-256 multihash. */
export function cidBuffer(): Uint8Array {
  if (slabOffset === slab.byteLength) {
    slab = new ArrayBuffer(36 * SLAB_CIDS)
    slabOffset = 0
  }
  const view = new Uint8Array(slab, slabOffset, 36)
  slabOffset += 36
  return view
}
