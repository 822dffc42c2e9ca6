import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { isDid, MAX_DID_LENGTH } from '../src/token/index.js'
import { FUZZ_RUNS, fuzzParameters, fuzzTimeout } from '../../attacks/test/support/fuzz-run.js'

// More cases than the shared default in CI: these decoders are cheap per case.
const runs = Math.max(FUZZ_RUNS, 2000)
vi.setConfig({ testTimeout: fuzzTimeout(1, runs) })

/** The W3C DID syntax, as `isDid` states it (which also answers from a cache of DIDs it has found valid). */
const DID_PATTERN = /^did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*(?::(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*)*$/
const reference = (value: string) => value.length <= MAX_DID_LENGTH && DID_PATTERN.test(value) && !value.endsWith(':')

/** Characters around every decision the scan makes, plus a few that are never allowed. */
const didChar = fc.constantFrom(...'did:key%zZaA09._-/?#@ fFgG\u00e9\u{1f600}'.split(''), '\ud800', '\n')

describe('DID syntax', () => {
  const accepted = [
    'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    'did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a',
    'did:web:example.com%3A8443',
    'did:a:b',
    'did:a1:%41',
    'did:a::b',
  ]
  const rejected = [
    'did:',
    'did:key',
    'did:key:',
    'did::x',
    'did:KEY:x',
    'did:a:b:',
    'did:a:%4',
    'did:a:%4g',
    'did:a:%',
    'did:a:b c',
    'did:a:\u00e9',
    'DID:a:b',
    ' did:a:b',
    'did:a:b\n',
    `did:a:${'x'.repeat(MAX_DID_LENGTH)}`,
  ]
  for (const value of accepted) it(`accepts ${value}`, () => expect(isDid(value)).toBe(true))
  for (const value of rejected) it(`rejects ${JSON.stringify(value.slice(0, 40))}`, () => expect(isDid(value)).toBe(false))

  it('rejects what is not a string', () => {
    for (const value of [null, undefined, 1, {}, ['did:a:b'], new TextEncoder().encode('did:a:b')]) expect(isDid(value)).toBe(false)
  })

  it('accepts exactly what the W3C DID regular expression accepts', () => {
    fc.assert(
      fc.property(fc.array(didChar, { maxLength: 24 }), (chars) => {
        const value = chars.join('')
        // Twice each: the second answer may come from the cache of valid DIDs.
        for (const candidate of [value, `did:${value}`, `did:key:${value}`, value, `did:${value}`, `did:key:${value}`]) {
          expect(isDid(candidate)).toBe(reference(candidate))
        }
      }),
      fuzzParameters(runs),
    )
  })

  it('answers the same after many more distinct DIDs than it caches', () => {
    const dids = Array.from({ length: 2000 }, (_, i) => `did:key:z${i.toString(36)}`)
    for (let round = 0; round < 2; round++) {
      for (const did of dids) {
        expect(isDid(did)).toBe(true)
        expect(isDid(`${did}:`)).toBe(false)
      }
    }
  })

  it('stops at the length limit exactly', () => {
    const longest = `did:a:${'x'.repeat(MAX_DID_LENGTH - 6)}`
    expect(isDid(longest)).toBe(true)
    expect(isDid(`${longest}x`)).toBe(false)
  })
})
