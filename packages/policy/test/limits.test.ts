import { describe, expect, it } from 'vitest'
import {
  DEFAULT_LIMITS,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_PATTERN_LENGTH,
  DEFAULT_MAX_SELECTOR_LENGTH,
  DEFAULT_MAX_STATEMENTS,
  DEFAULT_MAX_STEPS,
  InvalidPolicyOptionsError,
  PolicyLimitError,
  evaluatePolicy,
  parsePolicy,
  parseSelector,
} from '../src/index.js'
import type { IPLDValue, PolicyLimitName } from '../src/index.js'
import { expectThrows, failureOf } from './helpers.js'

function nestNot(depth: number): IPLDValue[] {
  let statement: IPLDValue[] = ['==', '.', 1]
  for (let i = 1; i < depth; i++) statement = ['not', statement]
  return statement
}

function nestList(depth: number): IPLDValue {
  let value: IPLDValue = 1
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

function limitError(fn: () => unknown, limit: PolicyLimitName, max: number, at: string | undefined): PolicyLimitError {
  const error = expectThrows(fn, PolicyLimitError, 'ERR_POLICY_LIMIT', at) as unknown as PolicyLimitError
  expect(error.limit).toBe(limit)
  expect(error.max).toBe(max)
  return error
}

describe('defaults', () => {
  it('are exported individually and together', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxDepth: DEFAULT_MAX_DEPTH,
      maxStatements: DEFAULT_MAX_STATEMENTS,
      maxPatternLength: DEFAULT_MAX_PATTERN_LENGTH,
      maxSelectorLength: DEFAULT_MAX_SELECTOR_LENGTH,
      maxSteps: DEFAULT_MAX_STEPS,
    })
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true)
  })
})

describe('maxDepth', () => {
  it('allows statements nested exactly maxDepth deep', () => {
    expect(() => parsePolicy([nestNot(DEFAULT_MAX_DEPTH)])).not.toThrow()
  })

  it('rejects statements nested deeper, naming the first statement too deep', () => {
    const at = `pol[0]${'[1]'.repeat(DEFAULT_MAX_DEPTH)}`
    limitError(() => parsePolicy([nestNot(DEFAULT_MAX_DEPTH + 1)]), 'maxDepth', DEFAULT_MAX_DEPTH, at)
  })

  it('is overridable', () => {
    const options = { limits: { maxDepth: 2 } }
    expect(() => parsePolicy([['not', ['==', '.', 1]]], options)).not.toThrow()
    limitError(() => parsePolicy([['all', '.', ['any', '.', ['==', '.', 1]]]], options), 'maxDepth', 2, 'pol[0][2][2]')
  })

  it('bounds lists and maps nested inside an == literal', () => {
    expect(() => parsePolicy([['==', '.', nestList(DEFAULT_MAX_DEPTH)]])).not.toThrow()
    limitError(() => parsePolicy([['==', '.', nestList(DEFAULT_MAX_DEPTH + 1)]]), 'maxDepth', DEFAULT_MAX_DEPTH, 'pol[0][2]')
    limitError(() => parsePolicy([['!=', '.', { a: { b: 1 } }]], { limits: { maxDepth: 1 } }), 'maxDepth', 1, 'pol[0][2]')
  })

  it('stops a cyclic literal instead of recursing forever', () => {
    const cycle: IPLDValue[] = []
    cycle.push(cycle)
    limitError(() => parsePolicy([['==', '.', cycle]]), 'maxDepth', DEFAULT_MAX_DEPTH, 'pol[0][2]')
  })
})

describe('maxStatements', () => {
  it('counts nested statements', () => {
    const options = { limits: { maxStatements: 3 } }
    expect(() => parsePolicy([['and', [['==', '.', 1], ['==', '.', 2]]]], options)).not.toThrow()
    limitError(() => parsePolicy([['and', [['==', '.', 1], ['not', ['==', '.', 2]]]]], options), 'maxStatements', 3, 'pol[0][1][1][1]')
  })

  it('has a default', () => {
    const many = Array.from({ length: DEFAULT_MAX_STATEMENTS }, () => ['==', '.', 1])
    expect(() => parsePolicy(many)).not.toThrow()
    limitError(() => parsePolicy([...many, ['==', '.', 1]]), 'maxStatements', DEFAULT_MAX_STATEMENTS, `pol[${DEFAULT_MAX_STATEMENTS}]`)
  })
})

describe('maxPatternLength', () => {
  it('rejects longer like patterns', () => {
    expect(() => parsePolicy([['like', '.', '*'.repeat(DEFAULT_MAX_PATTERN_LENGTH)]])).not.toThrow()
    limitError(
      () => parsePolicy([['like', '.', 'a'.repeat(DEFAULT_MAX_PATTERN_LENGTH + 1)]]),
      'maxPatternLength',
      DEFAULT_MAX_PATTERN_LENGTH,
      'pol[0][2]',
    )
    limitError(() => parsePolicy([['like', '.', 'abcd']], { limits: { maxPatternLength: 3 } }), 'maxPatternLength', 3, 'pol[0][2]')
  })
})

describe('maxSelectorLength', () => {
  it('rejects longer selectors', () => {
    const long = `.${'a'.repeat(DEFAULT_MAX_SELECTOR_LENGTH)}`
    limitError(() => parsePolicy([['==', long, 1]]), 'maxSelectorLength', DEFAULT_MAX_SELECTOR_LENGTH, 'pol[0][1]')
    limitError(() => parseSelector('.abc', { limits: { maxSelectorLength: 3 } }), 'maxSelectorLength', 3, undefined)
    expect(parseSelector('.ab', { limits: { maxSelectorLength: 3 } }).segments).toHaveLength(1)
  })
})

describe('maxSteps', () => {
  // Every element of `square` is `square` itself: 200 elements that are each
  // 200-element lists, and so on, at no cost to build.
  const square: IPLDValue[] = []
  for (let i = 0; i < 200; i++) square.push(square)
  // `any` over 200^3 leaves that are all false explores all 8 million of them.
  const explosive = [['any', '.', ['any', '.', ['any', '.', ['==', '.', 1]]]]]

  it('turns exhausting the budget into a denial carrying a PolicyLimitError', () => {
    const started = performance.now()
    const failure = failureOf(evaluatePolicy(parsePolicy(explosive), square))
    expect(performance.now() - started).toBeLessThan(2000)
    expect(failure.index).toBe(0)
    expect(failure.at).toBe('pol[0]')
    expect(failure.error).toBeInstanceOf(PolicyLimitError)
    expect(failure.error?.code).toBe('ERR_POLICY_LIMIT')
    expect(failure.error?.limit).toBe('maxSteps')
    expect(failure.error?.max).toBe(DEFAULT_MAX_STEPS)
    expect(failure.message).toBe(
      `pol[0] \`["any", ".", ["any", ".", ["any", ".", ["==", ".", 1]]]]\` failed: evaluation exceeded the budget of ${DEFAULT_MAX_STEPS} steps`,
    )
  })

  it('is overridable, and shared by all top-level statements', () => {
    const policy = parsePolicy([['==', '.a', 1], ['==', '.b', 2], ['==', '.c', 3]])
    const args = { a: 1, b: 2, c: 3 }
    expect(evaluatePolicy(policy, args, { limits: { maxSteps: 100 } }).ok).toBe(true)
    const failure = failureOf(evaluatePolicy(policy, args, { limits: { maxSteps: 5 } }))
    expect(failure.index).toBe(1)
    expect(failure.error?.max).toBe(5)
  })

  it('charges like by the characters it scans, not by the subject length', () => {
    const scanning = parsePolicy([['like', '.', '*x*']])
    expect(evaluatePolicy(scanning, `${'a'.repeat(990)}x`, { limits: { maxSteps: 1000 } }).ok).toBe(true)
    const failure = failureOf(evaluatePolicy(scanning, `${'a'.repeat(100_000)}x`, { limits: { maxSteps: 1000 } }))
    expect(failure.error?.limit).toBe('maxSteps')
    // A suffix is checked from the end: the 100,000 characters before it are never read.
    expect(evaluatePolicy(parsePolicy([['like', '.', '*x']]), `${'a'.repeat(100_000)}x`, { limits: { maxSteps: 10 } }).ok).toBe(true)
  })

  it('a policy that finishes within budget is unaffected', () => {
    expect(evaluatePolicy(explosive, [[[1]]]).ok).toBe(true)
  })
})

describe('limit overrides are validated', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY])('rejects %s', (value) => {
    expectThrows(() => parsePolicy([], { limits: { maxDepth: value } }), InvalidPolicyOptionsError, 'ERR_POLICY_OPTIONS_INVALID', undefined)
    expectThrows(
      () => evaluatePolicy(parsePolicy([]), null, { limits: { maxSteps: value } }),
      InvalidPolicyOptionsError,
      'ERR_POLICY_OPTIONS_INVALID',
      undefined,
    )
  })

  it('accepts Infinity to lift a limit', () => {
    expect(evaluatePolicy([['==', '.', 1]], 1, { limits: { maxSteps: Number.POSITIVE_INFINITY } }).ok).toBe(true)
  })
})
