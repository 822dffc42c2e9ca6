/**
 * Every example in the "Policy" section of the delegation spec
 * (/tmp/specs/delegation.md), in the order the spec gives them.
 */
import { describe, expect, it } from 'vitest'
import { InvalidPolicyError, evaluatePolicy, parsePolicy, selectValue } from '../src/index.js'
import type { IPLDValue } from '../src/index.js'
import { holds, statementHolds } from './helpers.js'

describe('Capability: the illustrative policy', () => {
  const args = {
    status: 'draft',
    reviewer: [{ email: 'alice@example.com' }, { email: 'bob@example.com' }],
    tags: ['news', 'tech'],
  }

  it('rejects the example as printed: its "or" lists statements without the enclosing list', () => {
    // The spec prints ["or", ["==", ".", "news"], ["==", ".", "press"]], a
    // 3-element "or"; the schema (Connective: op, [Statement]) wants 2.
    const printed = [
      ['==', '.status', 'draft'],
      ['all', '.reviewer', ['like', '.email', '*@example.com']],
      ['any', '.tags', ['or', ['==', '.', 'news'], ['==', '.', 'press']]],
    ]
    expect(() => parsePolicy(printed)).toThrow(InvalidPolicyError)
  })

  const policy = [
    ['==', '.status', 'draft'],
    ['all', '.reviewer', ['like', '.email', '*@example.com']],
    ['any', '.tags', ['or', [['==', '.', 'news'], ['==', '.', 'press']]]],
  ]

  it('holds on matching arguments once the "or" is well-formed', () => {
    expect(holds(policy, args)).toBe(true)
  })

  it('fails when a reviewer is outside example.com', () => {
    expect(holds(policy, { ...args, reviewer: [{ email: 'alice@example.com' }, { email: 'eve@evil.com' }] })).toBe(false)
  })

  it('fails when no tag is news or press', () => {
    expect(holds(policy, { ...args, tags: ['tech'] })).toBe(false)
  })
})

describe('Comparisons table', () => {
  const args = { a: [1, 2, { b: 3 }] }

  it('["==", ".a", [1, 2, {"b": 3}]] is a deep comparison', () => {
    expect(statementHolds(['==', '.a', [1, 2, { b: 3 }]], args)).toBe(true)
    expect(statementHolds(['==', '.a', [1, 2, { b: 4 }]], args)).toBe(false)
    expect(statementHolds(['==', '.a', [1, 2]], args)).toBe(false)
  })

  it('["!=", ".a", [1, 2, {"b": 3}]] is the negated deep comparison', () => {
    expect(statementHolds(['!=', '.a', [1, 2, { b: 3 }]], args)).toBe(false)
    expect(statementHolds(['!=', '.a', [1, 2, { b: 4 }]], args)).toBe(true)
  })

  it('!= is equivalent to ["not", ["==", selector, value]] when the selector resolves', () => {
    for (const value of [[1, 2, { b: 3 }], [1], null, 'x']) {
      expect(statementHolds(['!=', '.a', value], args)).toBe(statementHolds(['not', ['==', '.a', value]], args))
    }
  })

  it.each([
    ['<', 0, true],
    ['<', 1, false],
    ['<', 2, false],
    ['<=', 0, true],
    ['<=', 1, true],
    ['<=', 2, false],
    ['>', 0, false],
    ['>', 1, false],
    ['>', 2, true],
    ['>=', 0, false],
    ['>=', 1, true],
    ['>=', 2, true],
] as const)('[%j, ".a", 1] with .a = %j is %j', (op, a, expected) => {
    expect(statementHolds([op, '.a', 1], { a })).toBe(expected)
  })

  it('numeric inequalities are agnostic to numeric type (1 == 1.0 == 1.00)', () => {
    expect(statementHolds(['<=', '.a', 1.0], { a: 1 })).toBe(true)
    expect(statementHolds(['>=', '.a', 1], { a: 1.0 })).toBe(true)
    expect(statementHolds(['>=', '.a', 1n], { a: 1.0 })).toBe(true)
    expect(statementHolds(['<', '.a', 1.5], { a: 1n })).toBe(true)
    expect(statementHolds(['>', '.a', 0.5], { a: 1n })).toBe(true)
  })

  it('comparing a non-numeric type is false and does not throw', () => {
    for (const a of ['1', null, true, [1], { n: 1 }, new Uint8Array([1])]) {
      for (const op of ['<', '<=', '>', '>='] as const) expect(statementHolds([op, '.a', 1], { a })).toBe(false)
    }
  })
})

describe('Glob Matching', () => {
  const pattern = 'Alice\\*, Bob*, Carol.'

  it('the table example ["like", ".email", "*@example.com"]', () => {
    expect(statementHolds(['like', '.email', '*@example.com'], { email: 'alice@example.com' })).toBe(true)
    expect(statementHolds(['like', '.email', '*@example.com'], { email: 'alice@example.org' })).toBe(false)
  })

  it.each(['Alice*, Bob, Carol.', 'Alice*, Bob, Dan, Erin, Carol.', 'Alice*, Bob  , Carol.', 'Alice*, Bob*, Carol.'])(
    '%j MUST pass',
    (text) => {
      expect(statementHolds(['like', '.', pattern], text)).toBe(true)
    },
  )

  it.each([
    ['Alice*, Bob, Carol', 'missing the final "."'],
    ['Alice*, Bob*, Carol!', 'the final "." is not a wildcard'],
    ['Alice, Bob, Carol.', 'missing the "*" after Alice'],
    ['Alice Cooper, Bob, Carol.', 'the "*" after Alice is an escaped literal'],
    [' Alice*, Bob, Carol. ', 'whitespace in the pattern is significant'],
  ])('%j MUST NOT pass (%s)', (text) => {
    expect(statementHolds(['like', '.', pattern], text)).toBe(false)
  })

  it('matching on a non-string is false and does not throw', () => {
    for (const value of [1, null, true, ['Alice'], { a: 'Alice' }, new TextEncoder().encode('Alice')]) {
      expect(statementHolds(['like', '.', '*'], value)).toBe(false)
    }
  })
})

describe('Connectives', () => {
  it('table: ["and", [[">", ".a", 1], [">", ".b", 2]]]', () => {
    const statement = ['and', [['>', '.a', 1], ['>', '.b', 2]]]
    expect(statementHolds(statement, { a: 2, b: 3 })).toBe(true)
    expect(statementHolds(statement, { a: 2, b: 2 })).toBe(false)
  })

  it('table: ["or", [[">", ".a", 1], [">", ".b", 2]]]', () => {
    const statement = ['or', [['>', '.a', 1], ['>', '.b', 2]]]
    expect(statementHolds(statement, { a: 1, b: 3 })).toBe(true)
    expect(statementHolds(statement, { a: 1, b: 2 })).toBe(false)
  })

  it('table: ["not", [">", ".a", 1]]', () => {
    expect(statementHolds(['not', ['>', '.a', 1]], { a: 1 })).toBe(true)
    expect(statementHolds(['not', ['>', '.a', 1]], { a: 2 })).toBe(false)
  })

  const katie = { name: 'Katie', age: 35, nationalities: ['Canadian', 'South African'] }

  it('And: ["and", []] is true', () => {
    expect(statementHolds(['and', []], katie)).toBe(true)
  })

  it('And: name and age hold', () => {
    expect(statementHolds(['and', [['==', '.name', 'Katie'], ['>=', '.age', 21]]], katie)).toBe(true)
  })

  it('And: false when nationalities is not ["American"]', () => {
    const statement = ['and', [['==', '.name', 'Katie'], ['>=', '.age', 21], ['==', '.nationalities', ['American']]]]
    expect(statementHolds(statement, katie)).toBe(false)
  })

  it('Or: ["or", []] is true', () => {
    expect(statementHolds(['or', []], katie)).toBe(true)
  })

  it('Or: true when one alternative holds', () => {
    expect(statementHolds(['or', [['==', '.name', 'Katie'], ['>', '.age', 45]]], katie)).toBe(true)
  })

  it('Not: inverts a false "and"', () => {
    const data = { name: 'Katie', nationalities: ['Canadian', 'South African'] }
    const statement = ['not', ['and', [['==', '.name', 'Katie'], ['==', '.nationalities', ['American']]]]]
    expect(statementHolds(statement, data)).toBe(true)
  })

  it('Not: if ["==", ".a", 1] is false then ["not", ["==", ".a", 1]] is true', () => {
    expect(statementHolds(['==', '.a', 1], { a: 2 })).toBe(false)
    expect(statementHolds(['not', ['==', '.a', 1]], { a: 2 })).toBe(true)
  })
})

describe('Quantification', () => {
  const args: IPLDValue = { a: [{ b: 1 }, { b: 2 }, { z: [7, 8, 9] }] }

  it('table: ["all", ".a", [">", ".b", 1]] and ["any", ".a", [">", ".b", 1]]', () => {
    expect(statementHolds(['all', '.a', ['>', '.b', 1]], { a: [{ b: 2 }, { b: 3 }] })).toBe(true)
    expect(statementHolds(['all', '.a', ['>', '.b', 1]], { a: [{ b: 1 }, { b: 3 }] })).toBe(false)
    expect(statementHolds(['any', '.a', ['>', '.b', 1]], { a: [{ b: 1 }, { b: 3 }] })).toBe(true)
    expect(statementHolds(['any', '.a', ['>', '.b', 1]], { a: [{ b: 1 }, { b: 0 }] })).toBe(false)
  })

  it('["all", ".a", [">", ".b", 0]] is false: {"z": …} has no .b, which selects null', () => {
    expect(selectValue('.b', { z: [7, 8, 9] })).toBe(null)
    expect(statementHolds(['>', '.b', 0], { z: [7, 8, 9] })).toBe(false)
    expect(statementHolds(['all', '.a', ['>', '.b', 0]], args)).toBe(false)
  })

  it('["any", ".a", ["==", ".b", 2]] is true', () => {
    expect(statementHolds(['any', '.a', ['==', '.b', 2]], args)).toBe(true)
  })

  it('quantifying over a map uses its values', () => {
    expect(statementHolds(['all', '.m', ['>', '.', 0]], { m: { x: 1, y: 2 } })).toBe(true)
    expect(statementHolds(['all', '.m', ['>', '.', 1]], { m: { x: 1, y: 2 } })).toBe(false)
    expect(statementHolds(['any', '.m', ['==', '.', 2]], { m: { x: 1, y: 2 } })).toBe(true)
    // Keys are discarded: nothing matches a key name.
    expect(statementHolds(['any', '.m', ['==', '.', 'x']], { m: { x: 1, y: 2 } })).toBe(false)
  })

  it('quantifying over a non-collection is false and does not throw', () => {
    for (const value of [1, 'ab', null, true, new Uint8Array([1, 2])]) {
      expect(statementHolds(['all', '.v', ['==', '.', 1]], { v: value })).toBe(false)
      expect(statementHolds(['any', '.v', ['==', '.', 1]], { v: value })).toBe(false)
    }
  })

  it('Nested Quantification: fraud@example.com must receive every newsletter', () => {
    const statement = ['all', '.newsletters', ['any', '.recipients', ['==', '.email', 'fraud@example.com']]]
    const fraud = { email: 'fraud@example.com' }
    const bob = { email: 'bob@example.com' }
    expect(
      statementHolds(statement, { newsletters: [{ recipients: [bob, fraud] }, { recipients: [fraud] }] }),
    ).toBe(true)
    expect(statementHolds(statement, { newsletters: [{ recipients: [bob, fraud] }, { recipients: [bob] }] })).toBe(
      false,
    )
    expect(statementHolds(statement, { newsletters: { weekly: { recipients: [fraud] }, daily: { recipients: [bob] } } })).toBe(
      false,
    )
  })
})

describe('Selectors', () => {
  it.each([
    ['.', 'identity'],
    ['.foo', 'dotted field name'],
    ['.bar0_', 'dotted field name'],
    ['.["."]', 'unambiguous field name'],
    ['.["$_*"]', 'unambiguous field name'],
    ['.["1"]', 'unambiguous field name'],
    ['.[]', 'collection values'],
    ['.[0]', 'list index'],
    ['.[42]', 'list index'],
    ['.[-1]', 'negative list index'],
    ['.[-42]', 'negative list index'],
    ['.[7:11]', 'list slice'],
    ['.[2:]', 'list slice'],
    ['.[:42]', 'list slice'],
    ['.[0:-2]', 'list slice'],
    ['.foo?', 'optional'],
    ['.["nope"]?', 'optional'],
  ])('parses %j (%s)', (selector) => {
    expect(() => parsePolicy([['==', selector, null]])).not.toThrow()
  })

  it('multiple dots MUST NOT be used anywhere', () => {
    for (const selector of ['..', '...', '..foo', '.foo..bar', '.foo...bar']) {
      expect(() => parsePolicy([['==', selector, null]])).toThrow(InvalidPolicyError)
    }
  })

  it('repeated optionals are treated as a single one', () => {
    expect(selectValue('.foo???', 'not a map')).toBe(null)
    expect(selectValue('.foo???', { foo: 1 })).toBe(1)
  })

  const email = {
    from: 'alice@example.com',
    to: ['bob@example.com', 'carol@not.example.com', 'dan@example.com'],
    cc: ['fraud@example.com'],
    title: 'Meeting Confirmation',
    body: "I'll see you on Tuesday",
  }

  it.each([
    ['.', email],
    ['.title', 'Meeting Confirmation'],
    ['.cc', ['fraud@example.com']],
    ['.to[1]', 'carol@not.example.com'],
    ['.to[-1]', 'dan@example.com'],
    ['.to[99]?', null],
  ] as [string, IPLDValue][])('table: %j returns %j', (selector, expected) => {
    expect(selectValue(selector, email)).toEqual(expected)
    expect(statementHolds(['==', selector, expected], email)).toBe(true)
  })

  it('table: ".to[99]" fails to resolve, so its statement is false', () => {
    expect(selectValue('.to[99]', email)).toBeUndefined()
    expect(statementHolds(['==', '.to[99]', null], email)).toBe(false)
  })

  it('resolution returns early on a failed segment, even if a later segment is optional', () => {
    // .to is a list, so .x fails; the later ? does not rescue it.
    expect(selectValue('.to.x.y?', email)).toBeUndefined()
    expect(selectValue('.to[99].y?', email)).toBeUndefined()
  })

  it('Selecting on Bytes: ".[3]" of 0xd6 0xa9 0xc1 0x8c 0xf8 0xc4 is 140', () => {
    const bytes = Uint8Array.from(Buffer.from('1qnBjPjE', 'base64'))
    expect(Array.from(bytes)).toEqual([0xd6, 0xa9, 0xc1, 0x8c, 0xf8, 0xc4])
    expect(selectValue('.[3]', bytes)).toBe(140)
    expect(statementHolds(['==', '.[3]', 140], bytes)).toBe(true)
  })

  it('Differences from jq: the optional operator returns null on failure', () => {
    expect(selectValue('.foo?', [1, 2])).toBe(null)
    expect(statementHolds(['==', '.foo?', null], [1, 2])).toBe(true)
  })
})

describe('Validation', () => {
  it('a selector that cannot be resolved makes its statement false without throwing', () => {
    expect(evaluatePolicy([['==', '.a[0]', 1]], { a: 'string' }).ok).toBe(false)
  })

  it('selecting a missing key on a map returns null', () => {
    expect(selectValue('.missing', { a: 1 })).toBe(null)
    expect(statementHolds(['==', '.missing', null], { a: 1 })).toBe(true)
  })

  it('…but nested selectors without an optional then fail the predicate', () => {
    expect(selectValue('.missing.deeper', { a: 1 })).toBeUndefined()
    expect(statementHolds(['==', '.missing.deeper', null], { a: 1 })).toBe(false)
    expect(selectValue('.missing.deeper?', { a: 1 })).toBe(null)
    expect(statementHolds(['==', '.missing.deeper?', null], { a: 1 })).toBe(true)
  })

  const delegation = [
    ['==', '.from', 'alice@example.com'],
    ['any', '.to', ['like', '.', '*@example.com']],
  ]

  it('the step-by-step example: /msg/send with bob and carol holds', () => {
    const args = {
      from: 'alice@example.com',
      to: ['bob@example.com', 'carol@not.example.com'],
      title: 'Coffee',
      body: 'Still on for coffee',
    }
    expect(holds(delegation, args)).toBe(true)
  })

  it('the /email/send VALID invocation holds', () => {
    const args = {
      from: 'alice@example.com',
      to: ['bob@example.com', 'carol@elsewhere.example.com'],
      title: 'Coffee',
      body: 'Still on for coffee',
    }
    expect(holds(delegation, args)).toBe(true)
  })

  it('the /email/send INVALID invocation fails: no recipient matches *@example.com', () => {
    const args = {
      from: 'alice@example.com',
      to: ['carol@elsewhere.example.com'],
      title: 'Coffee',
      body: 'Still on for coffee',
    }
    expect(holds(delegation, args)).toBe(false)
  })

  it('arguments are taken verbatim: the list is not adjusted to fit', () => {
    expect(statementHolds(['==', '.to', ['bob@example.com']], { to: ['bob@example.com', 'carol@example.com'] })).toBe(
      false,
    )
  })
})
