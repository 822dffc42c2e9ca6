import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  InvalidPolicyError,
  PolicyLimitError,
  evaluatePolicy,
  parsePolicy,
  parseSelector,
  renderValue,
  selectValue,
} from '../src/index.js'
import type { IPLDValue, PolicyResult } from '../src/index.js'
import { FUZZ_RUNS, fuzzParameters, fuzzTimeout } from '../../attacks/test/support/fuzz-run.js'
import { ipld, junk, junkStatement, likeText, pattern, policy, selector, statement } from './arbitraries.js'

/** A generous bound on one case (measured: about 0.5 ms; `like` runs three times the cases). */
const TIMEOUT = fuzzTimeout(5, FUZZ_RUNS * 3)

function checkResult(result: PolicyResult, statementCount: number): void {
  if (result.ok) return
  const { failure } = result
  expect(failure.index).toBeGreaterThanOrEqual(0)
  expect(failure.index).toBeLessThan(statementCount)
  expect(failure.at.startsWith(`pol[${failure.index}]`)).toBe(true)
  expect(failure.message.startsWith(`pol[${failure.index}] \``)).toBe(true)
  expect(failure.error).toBeUndefined()
}

/** Reference glob matcher: a regex, fine for the short strings generated here. */
function referenceLike(source: string, text: string): boolean {
  let regex = ''
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string
    if (char === '*') regex += '[\\s\\S]*'
    else if (char === '\\') regex += (source[++i] as string).replace(/[\\*]/, '\\$&')
    else regex += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(`^${regex}$`, 'u').test(text)
}

describe('properties', () => {
  it('generated policies parse, and evaluation never throws on IPLD arguments', () => {
    fc.assert(
      fc.property(policy, ipld, (raw, args) => {
        const parsed = parsePolicy(raw)
        checkResult(evaluatePolicy(parsed, args), raw.length)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('evaluation never throws on arbitrary JS values as arguments', () => {
    fc.assert(
      fc.property(policy, junk, (raw, args) => {
        checkResult(evaluatePolicy(parsePolicy(raw), args as IPLDValue), raw.length)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('parsing junk throws only our typed errors, and what parses evaluates without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(junk, fc.array(junkStatement, { maxLength: 3 })), ipld, (raw, args) => {
        let parsed
        try {
          parsed = parsePolicy(raw)
        } catch (error) {
          expect(error instanceof InvalidPolicyError || error instanceof PolicyLimitError).toBe(true)
          return
        }
        checkResult(evaluatePolicy(parsed, args), parsed.statements.length)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('selector-like strings parse or throw InvalidPolicyError; parsed ones resolve without throwing', () => {
    const text = fc.array(fc.constantFrom('.', '[', ']', '"', '?', ':', '-', '0', '1', 'a', '\\', ' '), { maxLength: 10 })
    fc.assert(
      fc.property(text, ipld, (chars, value) => {
        const source = chars.join('')
        let parsed
        try {
          parsed = parseSelector(source)
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPolicyError)
          return
        }
        expect(parsed.source).toBe(source)
        selectValue(parsed, value)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('not(p) is the negation of p', () => {
    // Unconditional here: an unresolved selector makes its own statement
    // false and `not` inverts whatever it gets, so this holds even where p's
    // selectors do not resolve.
    fc.assert(
      fc.property(statement, ipld, (p, args) => {
        expect(evaluatePolicy([['not', p]], args).ok).toBe(!evaluatePolicy([p], args).ok)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('!= is not(==) wherever the selector resolves', () => {
    fc.assert(
      fc.property(selector, ipld, ipld, (sel, value, args) => {
        fc.pre(selectValue(sel, args) !== undefined)
        expect(evaluatePolicy([['!=', sel, value]], args).ok).toBe(evaluatePolicy([['not', ['==', sel, value]]], args).ok)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('== is reflexive on IPLD values, and the identity selector returns its input', () => {
    fc.assert(
      fc.property(ipld, (value) => {
        expect(selectValue('.', value)).toBe(value)
        expect(evaluatePolicy([['==', '.', value]], value).ok).toBe(true)
        expect(evaluatePolicy([['!=', '.', value]], value).ok).toBe(false)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('like agrees with a reference regex matcher', () => {
    fc.assert(
      fc.property(pattern, likeText, (source, text) => {
        expect(evaluatePolicy([['like', '.', source]], text).ok).toBe(referenceLike(source, text))
      }),
      fuzzParameters(FUZZ_RUNS * 3),
    )
  }, TIMEOUT)

  it('a parsed policy and its raw form give the same result', () => {
    fc.assert(
      fc.property(policy, ipld, (raw, args) => {
        expect(evaluatePolicy(parsePolicy(raw), args)).toEqual(evaluatePolicy(raw, args))
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('rendering never throws', () => {
    fc.assert(
      fc.property(junk, fc.integer({ min: 1, max: 50 }), (value, max) => {
        expect(renderValue(value, max).length).toBeLessThanOrEqual(max + 1)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)
})
