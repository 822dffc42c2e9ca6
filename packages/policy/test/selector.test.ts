import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { describe, expect, it } from 'vitest'
import { InvalidPolicyError, parseSelector, selectValue } from '../src/index.js'
import type { IPLDValue } from '../src/index.js'
import { statementHolds } from './helpers.js'

describe('parseSelector', () => {
  it('identity has no segments', () => {
    expect(parseSelector('.')).toEqual({ source: '.', segments: [] })
  })

  it('parses every segment form with its offsets', () => {
    expect(parseSelector('.a.b_0["c d"]?[1][-2][1:3][:-1][2:][]?').segments).toEqual([
      { kind: 'field', key: 'a', optional: false, end: 2 },
      { kind: 'field', key: 'b_0', optional: false, end: 6 },
      { kind: 'field', key: 'c d', optional: true, end: 14 },
      { kind: 'index', index: 1, optional: false, end: 17 },
      { kind: 'index', index: -2, optional: false, end: 21 },
      { kind: 'slice', start: 1, stop: 3, optional: false, end: 26 },
      { kind: 'slice', start: undefined, stop: -1, optional: false, end: 31 },
      { kind: 'slice', start: 2, stop: undefined, optional: false, end: 35 },
      { kind: 'iterate', optional: true, end: 38 },
    ])
  })

  it('decodes JSON escapes in quoted keys', () => {
    expect(parseSelector('.["a\\"b\\\\c\\u00e9"]').segments).toEqual([
      { kind: 'field', key: 'a"b\\cé', optional: false, end: 18 },
    ])
  })

  it('accepts a dot before a bracket after a field (jq 1.7 style)', () => {
    expect(parseSelector('.a.[0]').segments).toEqual([
      { kind: 'field', key: 'a', optional: false, end: 2 },
      { kind: 'index', index: 0, optional: false, end: 6 },
    ])
  })

  it.each([
    ['', 'selector must start with "."'],
    ['foo', 'selector must start with "."'],
    ['[0]', 'selector must start with "."'],
    ['..', 'recursive descent'],
    ['.a..b', 'recursive descent'],
    ['.a.', 'must not end with "."'],
    ['.?', '"?" must follow'],
    ['.a.?', '"?" must follow'],
    ['.a-b', 'unexpected "-"'],
    ['.a b', 'unexpected " "'],
    ['.1a', 'unexpected "1"'],
    ['.[', 'unterminated "["'],
    ['.["a"', 'expected "]"'],
    ['.["a]', 'unterminated string'],
    ['.["\\x"]', 'invalid JSON string literal'],
    ['.[a]', 'is not an integer'],
    ['.[ 1]', 'is not an integer'],
    ['.[01]', 'is not an integer'],
    ['.[-0]', 'is not an integer'],
    ['.[1.5]', 'is not an integer'],
    ['.[:]', 'a slice needs a start or an end'],
    ['.[1:2:3]', 'is not an integer'],
    ['.[9007199254740993]', 'beyond 2^53'],
  ])('rejects %j (%s)', (source, reason) => {
    let thrown: unknown
    try {
      parseSelector(source)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InvalidPolicyError)
    expect((thrown as InvalidPolicyError).code).toBe('ERR_POLICY_INVALID')
    expect((thrown as InvalidPolicyError).message).toContain(reason)
  })
})

describe('selectValue', () => {
  const list = [10, 20, 30, 40, 50]

  it.each([
    ['.[0]', 10],
    ['.[4]', 50],
    ['.[-1]', 50],
    ['.[-5]', 10],
    ['.[5]', undefined],
    ['.[-6]', undefined],
    ['.[5]?', null],
    ['.[-6]?', null],
  ] as [string, IPLDValue | undefined][])('list index %j', (selector, expected) => {
    expect(selectValue(selector, list)).toEqual(expected)
  })

  it.each([
    ['.[1:3]', [20, 30]],
    ['.[2:]', [30, 40, 50]],
    ['.[:2]', [10, 20]],
    ['.[0:-2]', [10, 20, 30]],
    ['.[-2:]', [40, 50]],
    ['.[7:11]', []],
    ['.[:42]', list],
    ['.[-99:2]', [10, 20]],
    ['.[3:1]', []],
  ] as [string, IPLDValue][])('list slice %j (out-of-range bounds are clamped)', (selector, expected) => {
    expect(selectValue(selector, list)).toEqual(expected)
  })

  const bytes = new Uint8Array([0xd6, 0xa9, 0xc1, 0x8c, 0xf8, 0xc4])

  it('indexes bytes as [u8], negative indexes included', () => {
    expect(selectValue('.[0]', bytes)).toBe(0xd6)
    expect(selectValue('.[-1]', bytes)).toBe(0xc4)
    expect(selectValue('.[6]', bytes)).toBeUndefined()
    expect(selectValue('.[6]?', bytes)).toBe(null)
  })

  it('slices bytes into bytes', () => {
    expect(selectValue('.[1:3]', bytes)).toEqual(new Uint8Array([0xa9, 0xc1]))
    expect(statementHolds(['==', '.[1:3]', new Uint8Array([0xa9, 0xc1])], bytes)).toBe(true)
    expect(statementHolds(['==', '.[1:3]', [0xa9, 0xc1]], bytes)).toBe(false)
  })

  it('does not index or slice strings (the spec allows selecting into bytes only)', () => {
    expect(selectValue('.[0]', 'abc')).toBeUndefined()
    expect(selectValue('.[0:1]', 'abc')).toBeUndefined()
    expect(selectValue('.[0]?', 'abc')).toBe(null)
  })

  it('does not index maps or select fields of lists', () => {
    expect(selectValue('.[0]', { '0': 'x' })).toBeUndefined()
    expect(selectValue('.["0"]', { '0': 'x' })).toBe('x')
    expect(selectValue('.a', [1])).toBeUndefined()
    expect(selectValue('.["0"]', ['x'])).toBeUndefined()
  })

  it('field access on every non-map kind fails to resolve, and ? turns that into null', () => {
    const cid = CID.create(1, 0x55, identity.digest(new Uint8Array([1])))
    for (const value of [null, true, 1, 1n, 'a', new Uint8Array(1), cid, []] as IPLDValue[]) {
      expect(selectValue('.a', value)).toBeUndefined()
      expect(selectValue('.a?', value)).toBe(null)
    }
  })

  it('a missing key is null; a key holding null is null', () => {
    expect(selectValue('.a', {})).toBe(null)
    expect(selectValue('.a', { a: null })).toBe(null)
  })

  it('only own keys are visible: prototype names are ordinary missing keys', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(selectValue(`.${key}`, {})).toBe(null)
      expect(selectValue(`.["${key}"]`, {})).toBe(null)
    }
    const withProto = JSON.parse('{"__proto__": 5}') as IPLDValue
    expect(selectValue('.__proto__', withProto)).toBe(5)
  })

  it('maps with a null prototype are maps', () => {
    const map = Object.create(null) as Record<string, IPLDValue>
    map.a = 1
    expect(selectValue('.a', map)).toBe(1)
  })

  it('a map that looks like a CID to multiformats is still a map', () => {
    const shared = new Uint8Array([1])
    expect(selectValue('.bytes', { '/': shared, bytes: shared })).toBe(shared)
  })

  describe('[] (collection values)', () => {
    it('is a noop on lists', () => {
      expect(selectValue('.[]', list)).toEqual(list)
      expect(selectValue('.a[][1]', { a: list })).toBe(20)
    })

    it('extracts the values of a map, in DAG-CBOR canonical key order', () => {
      // JS orders integer-like keys first; canonical order is shorter UTF-8 first, then bytewise.
      const map = { bb: 3, '10': 2, a: 1, c: 0, é: 4 }
      expect(Object.keys(map)).toEqual(['10', 'bb', 'a', 'c', 'é'])
      expect(selectValue('.[]', map)).toEqual([1, 0, 2, 3, 4])
    })

    it('later segments apply to the resulting list, not to each element', () => {
      const args = { files: [{ size: 1 }, { size: 2 }] }
      expect(selectValue('.files[].size', args)).toBeUndefined()
      expect(selectValue('.files[][0]', args)).toEqual({ size: 1 })
    })

    it('fails on non-collections; ? makes that null', () => {
      expect(selectValue('.[]', 'abc')).toBeUndefined()
      expect(selectValue('.[]', new Uint8Array(2))).toBeUndefined()
      expect(selectValue('.[]?', 'abc')).toBe(null)
    })

    it('inside == compares the whole list; inside a quantifier it is the collection quantified over', () => {
      const args = { m: { x: 1, y: 2 } }
      expect(statementHolds(['==', '.m[]', [1, 2]], args)).toBe(true)
      expect(statementHolds(['==', '.m[]', 1], args)).toBe(false)
      expect(statementHolds(['any', '.m[]', ['==', '.', 1]], args)).toBe(true)
      expect(statementHolds(['all', '.m[]', ['==', '.', 1]], args)).toBe(false)
      expect(statementHolds(['all', '.m', ['>', '.', 0]], args)).toBe(
        statementHolds(['all', '.m[]', ['>', '.', 0]], args),
      )
    })
  })

  describe('optional', () => {
    it('returns null instead of failing', () => {
      expect(selectValue('.a.b?', { a: 5 })).toBe(null)
      expect(selectValue('.a[0]?', { a: {} })).toBe(null)
    })

    it('a failed optional segment ends the selection with null', () => {
      expect(selectValue('.a?.b.c', 5)).toBe(null)
    })

    it('does not rescue a later segment: .a?.b fails when .a is missing (null) and .b is not optional', () => {
      expect(selectValue('.a?.b', {})).toBeUndefined()
      expect(selectValue('.a?.b?', {})).toBe(null)
    })

    it('does not change a selection that resolves', () => {
      expect(selectValue('.a?', { a: 1 })).toBe(1)
      expect(selectValue('.a?[0]?', { a: [7] })).toBe(7)
    })
  })

  it('treats holes in sparse arrays as no value', () => {
    const sparse = [1, , 3] as unknown as IPLDValue
    expect(selectValue('.[1]', sparse)).toBeUndefined()
  })
})
