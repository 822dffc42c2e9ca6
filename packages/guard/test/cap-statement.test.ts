/**
 * Byte and use caps as policy statements (cap/statement.ts): the documented
 * form, failing closed under plain policy evaluation, and every malformed,
 * repeated, nested or unknown-version cap refused.
 */
import { evaluatePolicy } from '@capchain/policy'
import { describe, expect, it } from 'vitest'
import { capStatement, InvalidCapError, splitCap } from '../src/index.js'

const holds = (statement: unknown, args: Record<string, unknown>) => evaluatePolicy([statement as never], args as never).ok

describe('cap statements', () => {
  const cap = capStatement({ bytes: 1_000_000_000, uses: 500 })

  it('is the documented statement', () => {
    expect(cap).toEqual(['==', '.', ['capchain/cap@1', { bytes: 1_000_000_000, uses: 500 }]])
  })

  it('never holds for any args under plain policy evaluation: it fails closed', () => {
    expect(holds(cap, {})).toBe(false)
    expect(holds(cap, { id: 'n1' })).toBe(false)
    // An invoker copying the literal into args gets nowhere: args are a map, the literal a list.
    expect(holds(cap, { 0: 'capchain/cap@1', 1: { bytes: 1_000_000_000, uses: 500 } })).toBe(false)
    expect(holds(cap, { 'capchain/cap@1': { bytes: 1_000_000_000, uses: 500 } })).toBe(false)
  })

  it('is found by splitCap and taken out of the policy', () => {
    const scope = ['==', '.id', 'n1']
    expect(splitCap([scope, cap])).toEqual({ cap: { bytes: 1_000_000_000, uses: 500 }, rest: [scope] })
    expect(splitCap([scope])).toEqual({ cap: undefined, rest: [scope] })
  })

  it.each([
    ['a second cap', [capStatement({ uses: 1 }), capStatement({ bytes: 1 })]],
    ['a cap inside "or"', [['or', [capStatement({ uses: 1 }), ['==', '.id', 'x']]]]],
    ['a cap inside "not"', [['not', capStatement({ uses: 1 })]]],
    ['an unknown version', [['==', '.', ['capchain/cap@2', { uses: 1 }]]]],
    ['an unknown field', [['==', '.', ['capchain/cap@1', { uses: 1, rate: 5 }]]]],
    ['no dimension', [['==', '.', ['capchain/cap@1', {}]]]],
    ['a negative amount', [['==', '.', ['capchain/cap@1', { bytes: -1 }]]]],
    ['a fractional amount', [['==', '.', ['capchain/cap@1', { uses: 1.5 }]]]],
    ['a string amount', [['==', '.', ['capchain/cap@1', { uses: '5' }]]]],
    ['extra list items', [['==', '.', ['capchain/cap@1', { uses: 1 }, 'more']]]],
    ['a cap with another selector', [['==', '.id', ['capchain/cap@1', { uses: 1 }]]]],
  ])('refuses %s', (_what, pol) => {
    expect(() => splitCap(pol as never, 'bafy-x')).toThrow(InvalidCapError)
  })

  it('refuses to build a cap without a dimension or with a bad amount', () => {
    expect(() => capStatement({})).toThrow(InvalidCapError)
    expect(() => capStatement({ bytes: 2 ** 53 })).toThrow(InvalidCapError)
  })
})

describe('cap statements with a period and named amounts', () => {
  const cap = capStatement({ uses: 10, period: 3600, amounts: { wei: 10n ** 17n, 'erc20:1:0xa0b8': 2n ** 256n - 1n } })

  it('writes amounts as canonical decimal strings and reads them back as bigints', () => {
    expect(cap).toEqual(['==', '.', ['capchain/cap@1', { uses: 10, period: 3600, amounts: { wei: '100000000000000000', 'erc20:1:0xa0b8': String(2n ** 256n - 1n) } }]])
    expect(splitCap([cap]).cap).toEqual({ uses: 10, period: 3600, amounts: { wei: 10n ** 17n, 'erc20:1:0xa0b8': 2n ** 256n - 1n } })
    expect(holds(cap, {})).toBe(false)
  })

  it.each([
    ['a period alone', { period: 60 }],
    ['a period of 0', { period: 0, uses: 1 }],
    ['a leading zero', { amounts: { wei: '01' } }],
    ['a sign', { amounts: { wei: '-1' } }],
    ['an exponent', { amounts: { wei: '1e3' } }],
    ['an integer amount', { amounts: { wei: 5 } }],
    ['2^256', { amounts: { wei: String(2n ** 256n) } }],
    ['a name with a space', { amounts: { 'w ei': '1' } }],
    ['amounts that are not a map', { amounts: ['wei', '1'] }],
  ])('refuses %s', (_what, params) => {
    expect(() => splitCap([['==', '.', ['capchain/cap@1', params]]] as never, 'bafy-x')).toThrow(InvalidCapError)
  })
})
