/**
 * The verifier keys its maps and cache by a binary string of each CID
 * (src/cid-key.ts): keys must be equal exactly when the CIDs' bytes are, and
 * `tokenKey(bytes)` must be the key of the CID the bytes hash to.
 */
import { dagCborCid } from '@capchain/core'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { bytesKey, cidKey, tokenKey } from '../src/cid-key.js'
import { TokenCache } from '../src/signature/cache.js'

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i])

/** Byte strings that stress both encodings: 36-byte CIDv1s and short ones that could mimic them. */
const cidLike = fc.oneof(
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((d) => Uint8Array.of(0x01, 0x71, 0x12, 0x20, ...d)),
  fc.uint8Array({ minLength: 35, maxLength: 35 }).map((d) => Uint8Array.of(0x01, ...d)),
  fc.uint8Array({ minLength: 0, maxLength: 40 }),
  fc.uint8Array({ minLength: 18, maxLength: 18 }),
)

describe('CID keys', () => {
  it('tokenKey(bytes) is the key of dagCborCid(bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(tokenKey(bytes)).toBe(cidKey(dagCborCid(bytes)))
      }),
    )
  })

  it('keys are equal exactly when the bytes are', () => {
    fc.assert(
      fc.property(cidLike, cidLike, (a, b) => {
        expect(bytesKey(a) === bytesKey(b)).toBe(sameBytes(a, b))
      }),
      { numRuns: 2000 },
    )
    // 36-byte CIDs whose every other byte is 0 against the 18-byte strings of the other bytes
    const wide = Uint8Array.of(0x01, 0x71, ...new Array(34).fill(0))
    const narrow = Uint8Array.from(Array.from({ length: 18 }, (_, i) => wide[2 * i + 1]!))
    expect(bytesKey(wide)).not.toBe(bytesKey(narrow))
  })

  it('keys CIDs of other shapes (v0, identity, other codecs) by their bytes', () => {
    const v1 = dagCborCid(new Uint8Array([1, 2, 3]))
    const v0 = CID.createV0(Digest.create(0x12, v1.multihash.digest) as never)
    const raw = CID.createV1(0x55, v1.multihash)
    const identity = CID.createV1(0x71, Digest.create(0x00, new Uint8Array(5000).fill(7)))
    const keys = [v1, v0, raw, identity].map(cidKey)
    expect(new Set(keys).size).toBe(4)
    expect(cidKey(CID.decode(identity.bytes))).toBe(keys[3])
  })

  it('TokenCache.keyOf is tokenKey, whatever the caller does to its bytes afterwards', () => {
    const cache = new TokenCache(100)
    const bytes = Uint8Array.from({ length: 400 }, (_, i) => (i * 7) & 255)
    const key = tokenKey(bytes)
    expect(cache.keyOf(bytes)).toBe(key)
    expect(cache.keyOf(bytes.slice())).toBe(key) // equal bytes, another array: recognised
    bytes[200] ^= 1 // the caller changes its array: the kept copy does not change with it
    expect(cache.keyOf(bytes)).toBe(tokenKey(bytes))
    expect(tokenKey(bytes)).not.toBe(key)
    // Same length, same first 80 and last 16 bytes: the same fingerprint, another CID.
    const twin = Uint8Array.from({ length: 400 }, (_, i) => (i * 7) & 255)
    twin[300] ^= 0xff
    expect(cache.keyOf(twin)).toBe(tokenKey(twin))
    expect(cache.keyOf(Uint8Array.from({ length: 400 }, (_, i) => (i * 7) & 255))).toBe(key)
    // Above the size kept, always hashed.
    const large = new Uint8Array(5000).fill(3)
    expect(cache.keyOf(large)).toBe(tokenKey(large))
  })
})
