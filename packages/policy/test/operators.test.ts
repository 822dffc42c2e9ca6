import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { describe, expect, it } from 'vitest'
import { renderValue } from '../src/index.js'
import type { IPLDValue } from '../src/index.js'
import { holds, statementHolds } from './helpers.js'

const cidA = CID.create(1, 0x55, identity.digest(new Uint8Array([1, 2, 3])))
const cidA2 = CID.parse(cidA.toString())
const cidB = CID.create(1, 0x55, identity.digest(new Uint8Array([1, 2, 4])))

describe('==', () => {
  const cases: [IPLDValue, IPLDValue, boolean][] = [
    [null, null, true],
    [true, true, true],
    [false, true, false],
    ['a', 'a', true],
    ['a', 'A', false],
    [1, 1, true],
    [1, 1.0, true],
    [1, 1n, true],
    [2n ** 60n, 2n ** 60n, true],
    [2 ** 60, 2n ** 60n, true],
    [2n ** 53n + 1n, 2 ** 53, false],
    [1.5, 1.5, true],
    [1.5, 1n, false],
    [0, -0, true],
    [1, '1', false],
    [0, false, false],
    [null, 0, false],
    [null, '', false],
    [[], [], true],
    [[1, [2]], [1, [2]], true],
    [[1, [2]], [1, [3]], false],
    [[1, 2], [2, 1], false],
    [{}, {}, true],
    [{ a: 1, b: [2] }, { b: [2], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: 2 }, { a: 1 }, false],
    [{ a: null }, {}, false],
    [[1], { '0': 1 }, false],
  ]
  for (const [actual, expected, result] of cases) {
    it(`${renderValue(actual)} == ${renderValue(expected)} is ${result}`, () => {
      expect(statementHolds(['==', '.', expected], actual)).toBe(result)
      expect(statementHolds(['!=', '.', expected], actual)).toBe(!result)
    })
  }

  it('compares bytes bytewise, and never equal to a list or string of the same content', () => {
    const bytes = new Uint8Array([104, 105])
    expect(statementHolds(['==', '.', new Uint8Array([104, 105])], bytes)).toBe(true)
    expect(statementHolds(['==', '.', new Uint8Array([104, 106])], bytes)).toBe(false)
    expect(statementHolds(['==', '.', new Uint8Array([104])], bytes)).toBe(false)
    expect(statementHolds(['==', '.', [104, 105]], bytes)).toBe(false)
    expect(statementHolds(['==', '.', 'hi'], bytes)).toBe(false)
    expect(statementHolds(['==', '.', new Uint8Array(0)], new Uint8Array(0))).toBe(true)
  })

  it('compares links by CID, across instances', () => {
    expect(statementHolds(['==', '.', cidA], cidA2)).toBe(true)
    expect(statementHolds(['==', '.', cidA], cidB)).toBe(false)
    expect(statementHolds(['==', '.', cidA], cidA.bytes)).toBe(false)
    expect(statementHolds(['==', '.', cidA], cidA.toString())).toBe(false)
    expect(statementHolds(['==', '.', cidA.bytes], cidA)).toBe(false)
  })

  it('recognises a CID from another copy of multiformats by its "/" marker', () => {
    const foreign = { bytes: cidA.bytes, '/': cidA.bytes, toString: () => cidA.toString() }
    Object.setPrototypeOf(foreign, { constructor: 'OtherCID' })
    expect(statementHolds(['==', '.', cidA], foreign as unknown as IPLDValue)).toBe(true)
  })

  it('compares nested links and bytes in maps and lists', () => {
    const args = { root: cidA, parts: [{ data: new Uint8Array([1]) }] }
    expect(statementHolds(['==', '.', { parts: [{ data: new Uint8Array([1]) }], root: cidA2 }], args)).toBe(true)
  })

  it('a missing key selects null, so == null holds and != null fails', () => {
    expect(statementHolds(['==', '.a', null], {})).toBe(true)
    expect(statementHolds(['!=', '.a', null], {})).toBe(false)
  })

  it('an unresolved selector makes both == and != false (!= fails closed)', () => {
    expect(statementHolds(['==', '.a.b', 1], { a: 'x' })).toBe(false)
    expect(statementHolds(['!=', '.a.b', 1], { a: 'x' })).toBe(false)
    // …while `not` simply inverts the false ==.
    expect(statementHolds(['not', ['==', '.a.b', 1]], { a: 'x' })).toBe(true)
  })
})

describe('< <= > >=', () => {
  it('compare integers beyond 2^53 exactly', () => {
    const big = 2n ** 64n
    expect(statementHolds(['>', '.', 2 ** 53], 2n ** 53n + 1n)).toBe(true)
    expect(statementHolds(['<', '.', big], big - 1n)).toBe(true)
    expect(statementHolds(['<=', '.', big], big)).toBe(true)
    expect(statementHolds(['>', '.', big], big)).toBe(false)
  })

  it('compare floats', () => {
    expect(statementHolds(['<', '.', 0.3], 0.1 + 0.1)).toBe(true)
    expect(statementHolds(['>=', '.', -1.5], -1.5)).toBe(true)
    expect(statementHolds(['>', '.', -1.5], -2)).toBe(false)
  })

  it('are false for values outside IPLD numbers (NaN, Infinity) rather than throwing', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(statementHolds(['<', '.', 1], value)).toBe(false)
      expect(statementHolds(['>', '.', 1], value)).toBe(false)
    }
  })

  it('are false when the selector does not resolve, or selects null', () => {
    expect(statementHolds(['<', '.a.b', 1], { a: 1 })).toBe(false)
    expect(statementHolds(['<', '.a', 1], {})).toBe(false)
    expect(statementHolds(['<', '.a?', 1], 'x')).toBe(false)
  })
})

describe('like', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['', '', true],
    ['', 'a', false],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['a*', 'a', true],
    ['*c', 'abc', true],
    ['a*c', 'ac', true],
    ['a*c', 'abxc', true],
    ['a*c', 'abcb', false],
    ['a**c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['ab*ba', 'abba', true],
    ['*aab*', 'xaaab', true],
    ['*abcabd*', 'abcabcabd', true],
    ['*a*a*a*', 'aa', false],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['\\**', '*abc', true],
    ['\\**', 'abc', false],
    ['\\\\*', '\\abc', true],
    ['\\\\*', 'abc', false],
    ['C:\\\\dir\\\\*', 'C:\\dir\\file', true],
    ['/photos/*', '/photos/cat.jpg', true],
    ['/photos/*', '/photos/', true],
    ['/photos/*', '/photos', false],
    ['/photos/*', '/videos/cat.mp4', false],
    ['*.jpg', 'cat.jpg', true],
    ['*.jpg', 'cat.jpgx', false],
    ['é*ü', 'éaü', true],
    ['😀*', '😀x', true],
    ['*😀', 'x😀', true],
    ['?', 'a', false],
    ['[a]', 'a', false],
    ['.', 'a', false],
  ])('%j matches %j: %j', (pattern, text, result) => {
    expect(statementHolds(['like', '.', pattern], text)).toBe(result)
  })

  it('is linear on hostile patterns and subjects', () => {
    // A naive search for "a…ac" in "a…ab" backtracks at every offset:
    // 10^6 × 500 comparisons. KMP reads the subject once.
    const text = `${'a'.repeat(1_000_000)}b`
    const pattern = `*${'a'.repeat(500)}c*b`
    const started = performance.now()
    expect(statementHolds(['like', '.', pattern], text)).toBe(false)
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('is false for non-strings and unresolved selectors', () => {
    expect(statementHolds(['like', '.a', '*'], { a: 1 })).toBe(false)
    expect(statementHolds(['like', '.a.b', '*'], { a: 1 })).toBe(false)
    expect(statementHolds(['like', '.a', '*'], {})).toBe(false)
  })
})

describe('and / or / not', () => {
  it('and: all must hold; empty is true', () => {
    expect(statementHolds(['and', []], null)).toBe(true)
    expect(statementHolds(['and', [['==', '.', 1], ['<', '.', 2]]], 1)).toBe(true)
    expect(statementHolds(['and', [['==', '.', 1], ['>', '.', 2]]], 1)).toBe(false)
  })

  it('or: one must hold; empty is true (spec: "An empty array MUST be treated as true")', () => {
    expect(statementHolds(['or', []], null)).toBe(true)
    expect(statementHolds(['or', [['==', '.', 2], ['==', '.', 1]]], 1)).toBe(true)
    expect(statementHolds(['or', [['==', '.', 2], ['==', '.', 3]]], 1)).toBe(false)
  })

  it('not: inverts; double negation is identity', () => {
    expect(statementHolds(['not', ['==', '.', 1]], 1)).toBe(false)
    expect(statementHolds(['not', ['not', ['==', '.', 1]]], 1)).toBe(true)
    expect(statementHolds(['not', ['and', []]], 1)).toBe(false)
    expect(statementHolds(['not', ['or', []]], 1)).toBe(false)
  })

  it('a top-level policy is an implicit and; the empty policy holds', () => {
    const statements = [['==', '.a', 1], ['==', '.b', 2]]
    for (const args of [{ a: 1, b: 2 }, { a: 1, b: 3 }, { a: 0, b: 2 }]) {
      expect(holds(statements, args)).toBe(statementHolds(['and', statements], args))
    }
    expect(holds(statements, { a: 1, b: 3 })).toBe(false)
    expect(holds([], null)).toBe(true)
  })
})

describe('all / any', () => {
  it('over lists', () => {
    expect(statementHolds(['all', '.', ['>', '.', 0]], [1, 2, 3])).toBe(true)
    expect(statementHolds(['all', '.', ['>', '.', 1]], [1, 2, 3])).toBe(false)
    expect(statementHolds(['any', '.', ['>', '.', 2]], [1, 2, 3])).toBe(true)
    expect(statementHolds(['any', '.', ['>', '.', 3]], [1, 2, 3])).toBe(false)
  })

  it('over map values (keys are discarded)', () => {
    const m = { a: 1, b: 2 }
    expect(statementHolds(['all', '.', ['<', '.', 3]], m)).toBe(true)
    expect(statementHolds(['any', '.', ['==', '.', 2]], m)).toBe(true)
    expect(statementHolds(['any', '.', ['==', '.', 'a']], m)).toBe(false)
  })

  it('empty collections: all is true; any is true as well, being "or" over no statements', () => {
    expect(statementHolds(['all', '.', ['==', '.', 1]], [])).toBe(true)
    expect(statementHolds(['all', '.', ['==', '.', 1]], {})).toBe(true)
    expect(statementHolds(['any', '.', ['==', '.', 1]], [])).toBe(true)
    expect(statementHolds(['any', '.', ['==', '.', 1]], {})).toBe(true)
    // The policy that needs a non-empty list says so.
    expect(statementHolds(['and', [['!=', '.', []], ['any', '.', ['==', '.', 1]]]], [])).toBe(false)
  })

  it('an unresolved or null collection is false for both', () => {
    expect(statementHolds(['all', '.a.b', ['==', '.', 1]], { a: 1 })).toBe(false)
    expect(statementHolds(['any', '.a.b', ['==', '.', 1]], { a: 1 })).toBe(false)
    expect(statementHolds(['all', '.missing', ['==', '.', 1]], {})).toBe(false)
    expect(statementHolds(['all', '.missing?', ['==', '.', 1]], {})).toBe(false)
  })

  it('inner selectors are relative to each element', () => {
    const args = { files: [{ path: '/photos/a', size: 10 }, { path: '/photos/b', size: 20 }] }
    expect(statementHolds(['all', '.files', ['like', '.path', '/photos/*']], args)).toBe(true)
    expect(statementHolds(['all', '.files', ['<=', '.size', 15]], args)).toBe(false)
    expect(statementHolds(['any', '.files', ['<=', '.size', 15]], args)).toBe(true)
  })
})
