/**
 * The hashing behind every token CID: node:crypto in Node.js (noble
 * elsewhere), and a CID built without `CID.createV1` that must be
 * indistinguishable from the one it would build.
 */
import * as dagCbor from '@ipld/dag-cbor'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { base32 } from 'multiformats/bases/base32'
import { base58btc } from 'multiformats/bases/base58'
import { base64 } from 'multiformats/bases/base64'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { describe, expect, it } from 'vitest'
import { base32CidString } from '../src/hash/cid-string.js'
import { dagCborCid, sha256 } from '../src/hash/sha256.js'

const reference = (bytes: Uint8Array) => CID.createV1(0x71, Digest.create(0x12, nobleSha256(bytes)))

describe('sha256 and dagCborCid', () => {
  it('sha256 agrees with @noble/hashes and returns a plain Uint8Array', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const digest = sha256(bytes)
        expect(digest).toEqual(nobleSha256(bytes))
        expect(digest.constructor).toBe(Uint8Array)
      }),
    )
  })

  it('dagCborCid is the CID CID.createV1 builds, in every form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const cid = dagCborCid(bytes)
        const expected = reference(bytes)
        expect(cid).toBeInstanceOf(CID)
        expect(CID.asCID(cid)).toBe(cid)
        expect(cid.equals(expected)).toBe(true)
        expect(cid.bytes).toEqual(expected.bytes)
        expect(cid.multihash.bytes).toEqual(expected.multihash.bytes)
        expect(cid.multihash.digest).toEqual(expected.multihash.digest)
        expect([cid.version, cid.code, cid.multihash.code, cid.multihash.size]).toEqual([1, 0x71, 0x12, 32])
        expect(cid.toString()).toBe(expected.toString())
        expect(cid.toString()).toBe(expected.toString()) // cached form
        expect(String(cid)).toBe(expected.toString())
        expect(`${cid}`).toBe(expected.toString())
        expect(cid.toString(base58btc)).toBe(expected.toString(base58btc))
        expect(cid.toString(base64)).toBe(expected.toString(base64))
        expect(cid.toJSON()).toEqual(expected.toJSON())
        expect(cid.link()).toBe(cid)
        expect(dagCborCid(bytes).toV1().toString()).toBe(expected.toString())
        expect(dagCbor.encode([cid])).toEqual(dagCbor.encode([expected]))
        expect(CID.parse(cid.toString()).equals(cid)).toBe(true)
        expect(cid).toEqual(expected)
      }),
      { numRuns: 200 },
    )
  })

  it('hashes a view by its own bytes, not its buffer (tokens are views into a decoded container)', () => {
    const buffer = Uint8Array.from({ length: 600 }, (_, i) => (i * 31) & 0xff)
    const view = buffer.subarray(123, 477)
    expect(sha256(view)).toEqual(nobleSha256(view.slice()))
    expect(dagCborCid(view).equals(reference(view.slice()))).toBe(true)
  })

  it('base32CidString writes what multiformats writes, for bytes of every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(base32CidString(bytes)).toBe(base32.encode(bytes))
      }),
    )
    expect(base32CidString(new Uint8Array())).toBe('b')
  })
})
