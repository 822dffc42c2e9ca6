import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { decodeStrict } from '../src/cbor/index.js'
import { dagCborCid } from '../src/hash/sha256.js'

/** A token-shaped CID (CIDv1, dag-cbor, sha2-256) whose digest is `digest`. */
function cidOf(digest: Uint8Array): CID {
  return CID.decode(Uint8Array.of(0x01, 0x71, 0x12, 0x20, ...digest))
}

describe('decodeStrict: token CIDs', () => {
  it('decodes each of many distinct CIDs to itself, including CIDs that share a cache slot', () => {
    // Same last digest bytes (the cache slot), different elsewhere; then many unrelated ones.
    const sameSlot = Array.from({ length: 8 }, (_, i) => cidOf(new Uint8Array(32).fill(i).fill(0xab, 30)))
    const many = Array.from({ length: 1000 }, (_, i) => dagCborCid(Uint8Array.of(i >> 8, i & 0xff)))
    for (const list of [sameSlot, many, [...sameSlot].reverse(), [...many].reverse()]) {
      const decoded = decodeStrict(dagCbor.encode(list)) as CID[]
      expect(decoded.map(String)).toEqual(list.map(String))
      for (const cid of decoded) expect(cid).toEqual(CID.decode(cid.bytes))
    }
  })

  it('keeps no view of the input: changing the input afterwards changes no decoded CID', () => {
    const cid = dagCborCid(Uint8Array.of(1, 2, 3))
    for (let round = 0; round < 2; round++) {
      const input = dagCbor.encode({ prf: [cid] })
      const decoded = (decodeStrict(input) as { prf: CID[] }).prf[0]!
      input.fill(0)
      expect(decoded.toString()).toBe(cid.toString())
      expect(decoded.multihash.digest).toEqual(cid.multihash.digest)
      expect(decoded.bytes.buffer).not.toBe(input.buffer)
    }
  })

  it('decodes other CIDs through multiformats', () => {
    const others = [
      CID.parse('QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'),
      CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'),
      CID.createV1(0x71, Digest.create(0x13, new Uint8Array(64))),
    ]
    expect((decodeStrict(dagCbor.encode(others)) as CID[]).map(String)).toEqual(others.map(String))
  })
})
