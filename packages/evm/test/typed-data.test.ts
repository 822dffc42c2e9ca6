/**
 * `/evm/sign/typed-data`: EIP-712 typed data accepted only when it is exactly
 * what would be signed, on the service's chain; a permit spends its value.
 */
import { createMemoryStore } from '@capchain/store'
import { TypedData } from 'ox'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkTypedDataArgs, erc20Dimension, EVM_SIGN_TYPED_DATA_COMMAND, evmStatement, evmTypedDataArgs, evmTypedDataRequirement, InvalidEvmArgsError, InvalidTypedDataError, MAX_TYPED_DATA_TYPES, MAX_TYPED_DATA_VALUES, typedDataAmounts } from '../src/index.js'
import { accepted, ACCOUNT, authorize, delegate, deniedWith, invoke, makeWorld, MAX_UINT256, MERCHANT, permitTypedData, TWO_64, USDC } from './fixtures.js'
import type { World } from './fixtures.js'

const permit = (value: bigint, chainId = 1) => permitTypedData(value, BigInt(chainId))

const args = (value: bigint, chain = 1, chainId = chain) => evmTypedDataArgs({ chain, account: ACCOUNT, typedData: permit(value, chainId) })

describe('checkTypedDataArgs', () => {
  it("derives the EIP-712 digest ox computes, and a permit's spend, at 2^64 − 1, 2^64 and 2^256 − 1", () => {
    for (const value of [TWO_64 - 1n, TWO_64, MAX_UINT256]) {
      const checked = checkTypedDataArgs(args(value))
      expect(checked.digest).toBe(TypedData.getSignPayload(permit(value) as never))
      expect(typedDataAmounts(checked)).toEqual({ [erc20Dimension(1, USDC)]: value })
    }
  })

  it('refuses a domain on another chain, an extra or missing field, a value out of range, a mixed-case address, a declared EIP712Domain', () => {
    expect(() => checkTypedDataArgs(args(1n, 1, 10))).toThrow(InvalidTypedDataError)
    const honest = args(1n)
    const typed = honest.typedData as { message: Record<string, unknown>; types: Record<string, unknown>; domain: Record<string, unknown> }
    const edit = (change: (copy: typeof typed) => void) => {
      const copy = structuredClone(typed)
      change(copy)
      return { ...honest, typedData: copy }
    }
    expect(() => checkTypedDataArgs(edit((t) => (t.message.extra = '1')))).toThrow(InvalidTypedDataError)
    expect(() => checkTypedDataArgs(edit((t) => delete t.message.nonce))).toThrow(InvalidTypedDataError)
    expect(() => checkTypedDataArgs(edit((t) => (t.message.value = (MAX_UINT256 + 1n).toString())))).toThrow(InvalidTypedDataError)
    expect(() => checkTypedDataArgs(edit((t) => (t.message.value = '-1')))).toThrow(InvalidTypedDataError)
    expect(() => checkTypedDataArgs(edit((t) => (t.message.spender = '0x4444444444444444444444444444444444444444'.replace('4444', 'AAAA'))))).toThrow(InvalidTypedDataError)
    expect(() => checkTypedDataArgs(edit((t) => (t.types.EIP712Domain = [])))).toThrow(InvalidTypedDataError)
    expect(() => checkTypedDataArgs(edit((t) => delete t.domain.chainId))).toThrow(InvalidTypedDataError)
    expect(() => checkTypedDataArgs({ ...honest, extra: 1 })).toThrow(InvalidEvmArgsError)
  })
})

describe('typed-data limits', () => {
  const list = (n: number, types: Record<string, { name: string; type: string }[]> = {}) =>
    evmTypedDataArgs({
      chain: 1,
      account: ACCOUNT,
      typedData: { domain: { chainId: 1n }, types: { ...types, Root: [{ name: 'items', type: 'uint256[]' }] }, primaryType: 'Root', message: { items: Array.from({ length: n }, () => 1n) } },
    })

  it(`accepts ${MAX_TYPED_DATA_VALUES} values in a message and refuses one more`, () => {
    // The message, its list, and the list's items.
    expect(() => checkTypedDataArgs(list(MAX_TYPED_DATA_VALUES - 2))).not.toThrow()
    expect(() => checkTypedDataArgs(list(MAX_TYPED_DATA_VALUES - 1))).toThrow(InvalidTypedDataError)
  })

  it(`accepts ${MAX_TYPED_DATA_TYPES} struct types and refuses one more`, () => {
    const unused = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`T${i}`, [{ name: 'x', type: 'bool' }]]))
    expect(() => checkTypedDataArgs(list(1, unused(MAX_TYPED_DATA_TYPES - 1)))).not.toThrow()
    expect(() => checkTypedDataArgs(list(1, unused(MAX_TYPED_DATA_TYPES)))).toThrow(InvalidTypedDataError)
  })
})

describe('/evm/sign/typed-data through the guard', () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld()
  })

  const attempt = async (value: bigint, chainId = 1) => {
    const policy = [['==', '.typedData.domain.verifyingContract', USDC], evmStatement({ uint: [['<=', '.typedData.message.value', '50000000']] })]
    const grant = await delegate(world, policy, { command: EVM_SIGN_TYPED_DATA_COMMAND })
    const invocation = await invoke(world, [grant], args(value, 1, chainId), { command: EVM_SIGN_TYPED_DATA_COMMAND })
    const requirement = evmTypedDataRequirement({ chain: 1, account: ACCOUNT })
    return { result: await authorize(world, invocation, [grant], { requirement, store: createMemoryStore() }), required: () => requirement.check(invocation, 1_709_251_200) }
  }

  it('allows a permit at the bound, with its value as the token spend, and refuses one unit over and another chain', async () => {
    const { result, required } = await attempt(50_000_000n)
    accepted(result)
    expect(required().amounts).toEqual({ [erc20Dimension(1, USDC)]: 50_000_000n })
    deniedWith((await attempt(50_000_001n)).result, 'ERR_EVM_LIMIT')
    deniedWith((await attempt(1n, 5)).result, 'ERR_EVM_TYPED_DATA_INVALID')
  })
})
