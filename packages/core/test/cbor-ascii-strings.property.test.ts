import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { MAX_CACHED_LENGTH } from '../src/cbor/ascii-strings.js'
import { decodeStrict } from '../src/cbor/index.js'
import { FUZZ_RUNS, fuzzParameters, fuzzTimeout } from '../../attacks/test/support/fuzz-run.js'

// More cases than the shared default in CI: these decoders are cheap per case.
const runs = Math.max(FUZZ_RUNS, 500)
vi.setConfig({ testTimeout: fuzzTimeout(1, runs) })

/** Decode a list of strings as one value, as a token's strings are: keys and values alike. */
function roundTrip(strings: string[]): unknown {
  return decodeStrict(dagCbor.encode({ list: strings, map: Object.fromEntries(strings.map((s, i) => [s, i])) }))
}
const expected = (strings: string[]) => ({ list: strings, map: Object.fromEntries(strings.map((s, i) => [s, i])) })

describe('decodeStrict: strings taken from the cache of recent ASCII strings', () => {
  it('decodes far more distinct strings than the cache holds, in any order, each to itself', () => {
    // Thousands of strings into a fixed table: colliding strings replace each other.
    const strings = Array.from({ length: 4000 }, (_, i) => `did:key:z${i.toString(36)}`)
    expect(roundTrip(strings)).toEqual(expected(strings))
    const shuffled = [...strings].reverse()
    expect(roundTrip(shuffled)).toEqual(expected(shuffled))
    expect(roundTrip(strings)).toEqual(expected(strings))
  })

  it('tells apart strings of the same length and hash slot by their bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary-ascii', maxLength: 6 }), { minLength: 1, maxLength: 40 }), (strings) => {
        const unique = [...new Set(strings)]
        expect(roundTrip(unique)).toEqual(expected(unique))
      }),
      fuzzParameters(runs),
    )
  })

  it('decodes every ASCII byte, at and past the longest cached length', () => {
    const all = String.fromCharCode(...Array.from({ length: 128 }, (_, i) => i))
    const strings = [all, all.slice(0, MAX_CACHED_LENGTH), all.slice(64, 64 + MAX_CACHED_LENGTH), all.slice(0, MAX_CACHED_LENGTH + 1), '', '\u0000']
    expect(roundTrip(strings)).toEqual(expected(strings))
    expect(roundTrip(strings)).toEqual(expected(strings))
  })

  it('never answers a non-ASCII string from the cache', () => {
    // Same length in bytes as a cached ASCII string; must decode to itself.
    const strings = ['abcd', 'ab\u00e9', 'a\u{1f600}', 'abcd'.repeat(16), `${'abcd'.repeat(15)}ab\u00e9`]
    expect(roundTrip(strings)).toEqual(expected(strings))
    expect(decodeStrict(dagCbor.encode(['\u00e9\u00e9', 'abcd']))).toEqual(['\u00e9\u00e9', 'abcd'])
  })
})
