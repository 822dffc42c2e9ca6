import { CapchainError } from '@capchain/core/errors'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { describe, expect, it } from 'vitest'
import { InvalidPolicyError, evaluatePolicy, parsePolicy } from '../src/index.js'
import { expectThrows } from './helpers.js'

const invalid = (policy: unknown, at: string) =>
  expectThrows(() => parsePolicy(policy), InvalidPolicyError, 'ERR_POLICY_INVALID', at)

describe('parsePolicy: well-formed policies', () => {
  it('parses every operator into a typed tree that keeps the IPLD form', () => {
    const cid = CID.create(1, 0x55, identity.digest(new Uint8Array([1])))
    const ipld = [
      ['==', '.a', { b: [1, 2n, 1.5, null, true, 'x', new Uint8Array([1]), cid] }],
      ['!=', '.a', null],
      ['<', '.n', 1],
      ['<=', '.n', 1.5],
      ['>', '.n', 2n ** 64n],
      ['>=', '.n', -1],
      ['like', '.s', 'a*b'],
      ['and', [['==', '.', 1]]],
      ['or', []],
      ['not', ['==', '.', 1]],
      ['all', '.l', ['==', '.', 1]],
      ['any', '.l', ['==', '.', 1]],
    ]
    const policy = parsePolicy(ipld)
    expect(policy.ipld).toBe(ipld)
    expect(policy.statements.map((s) => s.op)).toEqual(['==', '!=', '<', '<=', '>', '>=', 'like', 'and', 'or', 'not', 'all', 'any'])
    policy.statements.forEach((statement, i) => expect(statement.ipld).toBe(ipld[i]))
    expect(policy.statements[6]).toMatchObject({ op: 'like', pattern: { source: 'a*b', prefix: 'a', suffix: 'b', wildcard: true } })
  })

  it('parses the empty policy', () => {
    expect(parsePolicy([]).statements).toEqual([])
    expect(evaluatePolicy([], { anything: 1 })).toEqual({ ok: true })
  })
})

describe('parsePolicy: malformed policies', () => {
  it('errors are CapchainErrors with code, at and a message that starts with at', () => {
    const error = invalid([['==', 'a', 1]], 'pol[0][1]')
    expect(error).toBeInstanceOf(CapchainError)
    expect(error.name).toBe('InvalidPolicyError')
    expect((error as CapchainError).toJSON()).toMatchObject({ code: 'ERR_POLICY_INVALID', at: 'pol[0][1]' })
  })

  it('the policy is not a list', () => {
    for (const policy of [null, {}, 'pol', 1, undefined]) invalid(policy, 'pol')
  })

  it('a statement is not a list', () => {
    invalid([['==', '.a', 1], 'and'], 'pol[1]')
    invalid([{ op: '==' }], 'pol[0]')
  })

  it('a statement is empty', () => {
    expect(invalid([[]], 'pol[0]').message).toBe('pol[0]: statement is empty')
  })

  it('the operator is not a string', () => {
    invalid([[1, '.a', 1]], 'pol[0][0]')
    invalid([[['=='], '.a', 1]], 'pol[0][0]')
  })

  it('the operator is unknown', () => {
    for (const op of ['===', 'AND', 'match', 'in', 'constructor', '__proto__', 'toString']) {
      expect(invalid([[op, '.a', 1]], 'pol[0][0]').message).toBe(`pol[0][0]: unknown operator ${JSON.stringify(op)}`)
    }
  })

  it('a statement has the wrong number of elements', () => {
    invalid([['==', '.a']], 'pol[0]')
    invalid([['==', '.a', 1, 2]], 'pol[0]')
    invalid([['like', '.a']], 'pol[0]')
    invalid([['and']], 'pol[0]')
    invalid([['and', [], []]], 'pol[0]')
    invalid([['not', ['==', '.a', 1], ['==', '.a', 1]]], 'pol[0]')
    invalid([['all', '.a']], 'pol[0]')
    expect(invalid([['<', '.a']], 'pol[0]').message).toBe(
      'pol[0]: "<" takes the form ["<", selector, number]: expected 3 elements, got 2',
    )
  })

  it('the spec\'s capability example "or" with statements not in a list', () => {
    invalid([['==', '.status', 'draft'], ['any', '.tags', ['or', ['==', '.', 'news'], ['==', '.', 'press']]]], 'pol[1][2]')
  })

  it('a selector is not a string', () => {
    invalid([['==', 1, 1]], 'pol[0][1]')
    invalid([['all', null, ['==', '.', 1]]], 'pol[0][1]')
  })

  it('a selector does not start with "."', () => {
    const policy = [['==', '.a', 1], ['==', '.b', 2], ['<=', 'size', 3]]
    expect(invalid(policy, 'pol[2][1]').message).toBe('pol[2][1]: selector must start with "."')
  })

  it('a selector is otherwise malformed', () => {
    expect(invalid([['like', '.a..b', '*']], 'pol[0][1]').message).toBe(
      'pol[0][1]: invalid selector ".a..b" at offset 2: ".." (recursive descent) is not supported',
    )
    invalid([['any', '.a[', ['==', '.', 1]]], 'pol[0][1]')
  })

  it('an inequality compares with something other than a number', () => {
    for (const value of ['1', null, true, [1], { a: 1 }, Number.NaN, Number.POSITIVE_INFINITY]) {
      invalid([['<', '.a', value]], 'pol[0][2]')
    }
  })

  it('a like pattern is not a string', () => {
    invalid([['like', '.a', 1]], 'pol[0][2]')
  })

  it('a like pattern has an escape other than \\* and \\\\', () => {
    expect(invalid([['like', '.a', 'a\\b*']], 'pol[0][2]').message).toBe(
      'pol[0][2]: like pattern "a\\\\b*" has "\\b" at offset 1; the only escapes are \\* and \\\\',
    )
    invalid([['like', '.a', 'abc\\']], 'pol[0][2]')
  })

  it('and/or is not given a list', () => {
    invalid([['and', ['==', '.a', 1]]], 'pol[0][1][0]')
    invalid([['or', 'x']], 'pol[0][1]')
    invalid([['and', { a: 1 }]], 'pol[0][1]')
  })

  it('names the position of nested malformed statements', () => {
    invalid([['and', [['==', '.a', 1], ['==', 'a', 1]]]], 'pol[0][1][1][1]')
    invalid([['or', [['and', [['not', ['nope', '.a', 1]]]]]]], 'pol[0][1][0][1][0][1][0]')
    invalid([['not', 'x']], 'pol[0][1]')
    invalid([['all', '.a', ['like', '.b', 1]]], 'pol[0][2][2]')
    invalid([['any', '.a', []]], 'pol[0][2]')
  })

  it('an == literal is not IPLD data', () => {
    for (const value of [undefined, Number.NaN, Number.NEGATIVE_INFINITY, () => 1, new Date(0), new Map(), Symbol('x')]) {
      invalid([['==', '.a', value]], 'pol[0][2]')
    }
    expect(invalid([['!=', '.a', { list: [1, , 3] }]], 'pol[0][2]').message).toBe(
      'pol[0][2]: literal["list"][1] is undefined, not IPLD data',
    )
  })
})
