import { describe, expect, it } from 'vitest'
import { DEFAULT_MAX_STATEMENTS, InvalidPolicyOptionsError, PolicyBudget, evaluatePolicy, parsePolicy } from '../src/index.js'
import type { IPLDValue } from '../src/index.js'
import { sortSteps } from '../src/evaluate/select.js'
import { expectThrows, failureOf } from './helpers.js'

/** Steps one evaluation of `policy` on `args` charges to a fresh, unlimited budget. */
function stepsOf(policy: IPLDValue[], args: IPLDValue): number {
  const budget = new PolicyBudget(Number.POSITIVE_INFINITY)
  evaluatePolicy(parsePolicy(policy), args, { budget })
  return budget.spent
}

describe('the cost model charges the work actually done', () => {
  it('like: one step per character compared or scanned, wherever the match ends', () => {
    const found = `ab${'x'.repeat(100)}cdef`
    // 1 (statement) + 1 + 2 + 2 (prefix, suffix) + 1 + 102 (scanned up to the end of "cd").
    expect(stepsOf([['like', '.', 'ab*cd*ef']], found)).toBe(109)
    // Not found: the whole middle, 100 characters, then nothing more to explain.
    expect(stepsOf([['like', '.', 'ab*cd*ef']], `ab${'x'.repeat(100)}ef`)).toBe(107)
    // Found early: only the characters read are paid for, not the subject.
    expect(stepsOf([['like', '.', 'ab*cd*']], `abcd${'x'.repeat(100_000)}`)).toBe(1 + 3 + 3)
    // No wildcard: a subject of another length is refused unread.
    expect(stepsOf([['like', '.', 'abc']], 'abc')).toBe(1 + 1 + 3)
    expect(stepsOf([['like', '.', 'abc']], 'abcd')).toBe(2)
  })

  it('like: a subject is paid for by every statement that scans it', () => {
    const path = `/${'x'.repeat(1017)}ab`
    const one = stepsOf([['like', '.path', '/*ab*']], { path })
    expect(one).toBeGreaterThanOrEqual(path.length)
    const policy = Array.from({ length: DEFAULT_MAX_STATEMENTS }, () => ['like', '.path', '/*ab*'])
    expect(stepsOf(policy, { path })).toBe(one * DEFAULT_MAX_STATEMENTS)
    // So the review's 1,024 scans of a 1 KiB path no longer fit one default budget.
    const failure = failureOf(evaluatePolicy(policy, { path }))
    expect(failure.error?.limit).toBe('maxSteps')
  })

  it('==: one step per byte or character compared, per value node and per map key', () => {
    const bytes = new Uint8Array(1000)
    expect(stepsOf([['==', '.', bytes]], new Uint8Array(1000))).toBe(1 + 1 + 1000)
    const differs = new Uint8Array(1000)
    differs[10] = 1
    expect(stepsOf([['==', '.', bytes]], differs)).toBe(1 + 1 + 10)
    expect(stepsOf([['==', '.', 'x'.repeat(500)]], 'x'.repeat(500))).toBe(1 + 1 + 500)
    expect(stepsOf([['==', '.', 'x'.repeat(500)]], 'y')).toBe(2)
    const map = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]))
    // 1 + 1 (the map) + 700 (the literal's keys listed) + 100 × 1 (each value) + 700 (the argument's keys counted).
    expect(sortSteps(100)).toBe(700)
    expect(stepsOf([['==', '.', map]], { ...map })).toBe(1502)
  })

  it('==: a map literal is listed once, not once per element a quantifier compares it to', () => {
    const literal = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]))
    const xs = Array.from({ length: 1000 }, () => ({}))
    // 1 + 1 + 1000 × (1 statement + 1 node, refused at the first key) + the literal's 1000 keys listed once.
    expect(stepsOf([['all', '.xs', ['!=', '.', literal]]], { xs })).toBe(2002 + sortSteps(1000))
  })

  it('quantifiers: one step per element visited, plus the keys of a map listed', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i)
    expect(stepsOf([['all', '.xs', ['>=', '.', 0]]], { xs })).toBe(1 + 1 + 1000)
    const map = Object.fromEntries(xs.map((x) => [`k${x}`, x]))
    expect(stepsOf([['all', '.m', ['>=', '.', 0]]], { m: map })).toBe(1 + 1 + sortSteps(1000) + 1000)
    // `any` stops at the first element that holds, but listing the keys read them all.
    expect(stepsOf([['any', '.m', ['>=', '.', 0]]], { m: map })).toBe(1 + 1 + sortSteps(1000) + 1)
  })

  it('selectors: one step per segment, plus the elements a slice copies, in the explanation too', () => {
    expect(stepsOf([['==', '.a.b.c', 1]], { a: { b: { c: 1 } } })).toBe(1 + 3 + 1)
    const xs = Array.from({ length: 1000 }, (_, i) => i)
    // Evaluation: 1 + 2 segments + 500 copied + 1 compared; the explanation selects again: 2 + 500.
    expect(stepsOf([['==', '.xs[0:500]', []]], { xs })).toBe(1006)
  })
})

describe('a budget shared across evaluations', () => {
  const policy = parsePolicy([['like', '.s', '*b*']])
  const args = { s: `${'a'.repeat(99)}b` }

  it('accumulates what each call spends and denies once it runs out, naming the statement', () => {
    const budget = new PolicyBudget(250)
    expect(evaluatePolicy(policy, args, { budget }).ok).toBe(true)
    expect(evaluatePolicy(policy, args, { budget }).ok).toBe(true)
    expect(budget.spent).toBe(2 * 104)
    expect(budget.exhausted).toBe(false)
    const failure = failureOf(evaluatePolicy(policy, args, { budget }))
    expect(failure.index).toBe(0)
    expect(failure.error).toMatchObject({ code: 'ERR_POLICY_LIMIT', limit: 'maxSteps', max: 250 })
    expect(budget.exhausted).toBe(true)
    // Spent past its maximum by at most the one charge that ran out.
    expect(budget.spent).toBeLessThanOrEqual(250 + 100)
    // Exhausted, it denies every later evaluation at its first statement.
    expect(failureOf(evaluatePolicy(policy, args, { budget })).error?.limit).toBe('maxSteps')
  })

  it('takes precedence over limits.maxSteps, and each call without one gets a fresh budget', () => {
    expect(evaluatePolicy(policy, args, { budget: new PolicyBudget(1000), limits: { maxSteps: 1 } }).ok).toBe(true)
    for (let i = 0; i < 5; i++) expect(evaluatePolicy(policy, args, { limits: { maxSteps: 200 } }).ok).toBe(true)
  })

  it('rejects a maximum that is not a positive integer or Infinity', () => {
    for (const max of [0, -1, 1.5, Number.NaN]) {
      expectThrows(() => new PolicyBudget(max), InvalidPolicyOptionsError, 'ERR_POLICY_OPTIONS_INVALID', undefined)
    }
  })
})
