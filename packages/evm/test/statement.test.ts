/**
 * `capchain/evm@1`: exact uint256 comparisons that any other UCAN verifier
 * evaluates to false, enforced by the profile at 2^64 − 1, 2^64, 2^256 − 1
 * and one over.
 */
import type { IPLDMap } from '@capchain/core/token'
import { evaluatePolicy, parsePolicy } from '@capchain/policy'
import { describe, expect, it } from 'vitest'
import { enforceEvmStatements, EvmLimitError, evmStatement, ForbiddenCallShapeError, InvalidEvmStatementError, readEvmStatement } from '../src/index.js'
import type { UintOperator } from '../src/index.js'
import { MAX_UINT256, TWO_64 } from './fixtures.js'

const root = (statements: ReturnType<typeof evmStatement>[]) => [{ cid: 'bafy-root', root: true, statements }]

function holds(op: UintOperator, bound: bigint, value: bigint): boolean {
  try {
    enforceEvmStatements(root([evmStatement({ uint: [[op, '.value', bound.toString()]] })]), { value: value.toString() }, [])
    return true
  } catch (error) {
    expect(error).toBeInstanceOf(EvmLimitError)
    return false
  }
}

describe('capchain/evm@1', () => {
  it('fails closed in a plain UCAN policy evaluator, whatever the args', () => {
    const statement = evmStatement({ uint: [['<=', '.value', '1']] })
    const policy = parsePolicy([statement])
    for (const args of [{}, { value: '0' }, { value: '1' }] as IPLDMap[]) expect(evaluatePolicy(policy, args).ok).toBe(false)
  })

  it('compares exactly at 2^64 − 1, 2^64 and 2^256 − 1, and one over each', () => {
    for (const bound of [TWO_64 - 1n, TWO_64, MAX_UINT256]) {
      expect(holds('<=', bound, bound)).toBe(true)
      expect(holds('<=', bound - 1n, bound)).toBe(false)
      expect(holds('<', bound, bound)).toBe(false)
      expect(holds('>=', bound, bound)).toBe(true)
      expect(holds('>', bound - 1n, bound)).toBe(true)
      expect(holds('==', bound, bound)).toBe(true)
      expect(holds('==', bound, bound - 1n)).toBe(false)
    }
    expect(() => evmStatement({ uint: [['<=', '.value', (MAX_UINT256 + 1n).toString()]] })).toThrow(InvalidEvmStatementError)
  })

  it('fails a comparison whose value is missing or not a canonical decimal string', () => {
    const statement = evmStatement({ uint: [['<=', '.value', '10']] })
    for (const args of [{}, { value: 5 }, { value: '05' }, { value: '5.0' }, { value: ' 5' }] as IPLDMap[]) {
      expect(() => enforceEvmStatements(root([statement]), args, [])).toThrow(EvmLimitError)
    }
  })

  it('refuses malformed statements: unknown field, operator, version, empty, bad selector or scope', () => {
    const bad = [
      ['capchain/evm@1', {}],
      ['capchain/evm@1', { uint: [['<=', '.value', '1']], max: '1' }],
      ['capchain/evm@1', { uint: [['!~', '.value', '1']] }],
      ['capchain/evm@1', { uint: [['<=', 'value', '1']] }],
      ['capchain/evm@1', { uint: [['<=', '.value', '1', '0xA9059CBB']] }],
      ['capchain/evm@1', { shapes: ['teleport'] }],
      ['capchain/evm@1', { shapes: ['wrapper', 'wrapper'] }],
      ['capchain/evm@9', { shapes: [] }],
    ]
    for (const literal of bad) expect(() => readEvmStatement(['==', '.', literal], { at: 'pol[0]' }), JSON.stringify(literal)).toThrow(InvalidEvmStatementError)
    expect(readEvmStatement(['==', '.value', '1'], { at: 'pol[0]' })).toBeUndefined()
  })

  it('refuses a statement it does not enforce (another capchain family handed over by the guard)', () => {
    expect(() => enforceEvmStatements(root([['==', '.', ['capchain/other@1', {}]]]), {}, [])).toThrow(InvalidEvmStatementError)
  })

  it('allows a shape only when the root lists it and no later listing drops it', () => {
    const allow = evmStatement({ shapes: ['wrapper'] })
    const none = evmStatement({ shapes: [] })
    expect(() => enforceEvmStatements([], {}, ['wrapper'])).toThrow(ForbiddenCallShapeError)
    expect(() => enforceEvmStatements(root([allow]), {}, ['wrapper'])).not.toThrow()
    expect(() => enforceEvmStatements([{ cid: 'bafy-sub', root: false, statements: [allow] }], {}, ['wrapper'])).toThrow(ForbiddenCallShapeError)
    expect(() => enforceEvmStatements([...root([allow]), { cid: 'bafy-sub', root: false, statements: [none] }], {}, ['wrapper'])).toThrow(ForbiddenCallShapeError)
  })
})
