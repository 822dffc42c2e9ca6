/**
 * Derive, never trust: `/evm/call` args are accepted only when the calldata
 * is exactly the claimed function called with the claimed arguments.
 */
import { AbiFunction, Hex } from 'ox'
import { describe, expect, it } from 'vitest'
import { callAmounts, CalldataMismatchError, checkEvmCallArgs, erc20Dimension, evmCallArgs, InvalidEvmArgsError, MAX_CALLDATA_BYTES } from '../src/index.js'
import { ACCOUNT, callArgs, MAX_UINT256, MERCHANT, SHOP, TRANSFER, TWO_64, USDC } from './fixtures.js'

const transfer = AbiFunction.from('function transfer(address to, uint256 amount)')

/** The honest args with `data` replaced (the claim kept). */
function withData(data: Uint8Array) {
  return { ...callArgs(), data }
}

describe('checkEvmCallArgs', () => {
  it('accepts an honest transfer and derives its call and spend', () => {
    const call = checkEvmCallArgs(callArgs())
    expect(call.call).toEqual({ signature: TRANSFER, selector: '0xa9059cbb', args: { to: MERCHANT, amount: '50000000' } })
    expect(callAmounts(call)).toEqual({ [erc20Dimension(1, USDC)]: 50_000_000n })
  })

  it('accepts a value transfer (empty calldata, no call) and charges its wei', () => {
    const call = checkEvmCallArgs(evmCallArgs({ chain: 1, account: ACCOUNT, target: MERCHANT, value: 10n ** 17n }))
    expect(call.call).toBeUndefined()
    expect(callAmounts(call)).toEqual({ wei: 10n ** 17n })
  })

  it('refuses calldata that decodes to another function than claimed', () => {
    const approve = Hex.toBytes(AbiFunction.encodeData(AbiFunction.from('function approve(address spender, uint256 amount)'), [MERCHANT, 1n]))
    expect(() => checkEvmCallArgs(withData(approve))).toThrow(CalldataMismatchError)
  })

  it('refuses trailing calldata, one byte or one word', () => {
    const honest = callArgs().data as Uint8Array
    for (const extra of [1, 32]) {
      const longer = new Uint8Array(honest.length + extra)
      longer.set(honest)
      expect(() => checkEvmCallArgs(withData(longer))).toThrow(CalldataMismatchError)
    }
  })

  it('refuses dirty padding: an address word with its high bytes set', () => {
    const dirty = (callArgs().data as Uint8Array).slice()
    dirty[4] = 1
    expect(() => checkEvmCallArgs(withData(dirty))).toThrow(CalldataMismatchError)
  })

  it('refuses a function sharing the selector whose types do not re-encode the bytes (burn(uint256) / collate_propagate_storage(bytes16))', () => {
    const burn = AbiFunction.from('function burn(uint256 amount)')
    const other = 'collate_propagate_storage(bytes16 x)'
    expect(AbiFunction.getSelector(burn)).toBe(AbiFunction.getSelector(AbiFunction.from(`function ${other}`)))
    const data = Hex.toBytes(AbiFunction.encodeData(burn, [5n]))
    const claim = { function: other, selector: AbiFunction.getSelector(burn), args: { x: new Uint8Array(16) } }
    expect(() => checkEvmCallArgs({ ...callArgs({ target: SHOP }), data, call: claim })).toThrow(CalldataMismatchError)
  })

  it('refuses a claimed view that differs from the calldata, a wrong selector, and a call without a claim', () => {
    const honest = callArgs()
    const call = honest.call as { function: string; selector: string; args: { to: string; amount: string } }
    expect(() => checkEvmCallArgs({ ...honest, call: { ...call, args: { ...call.args, amount: '50000001' } } })).toThrow(CalldataMismatchError)
    expect(() => checkEvmCallArgs({ ...honest, call: { ...call, args: { ...call.args, extra: '1' } } })).toThrow(CalldataMismatchError)
    expect(() => checkEvmCallArgs({ ...honest, call: { ...call, selector: '0x095ea7b3' } })).toThrow(CalldataMismatchError)
    expect(() => checkEvmCallArgs({ ...honest, call: undefined as never })).toThrow(InvalidEvmArgsError)
    const { call: _claim, ...bare } = honest
    expect(() => checkEvmCallArgs(bare)).toThrow(InvalidEvmArgsError)
  })

  it('refuses aliased offsets (a uint256[][][] whose entries share one array) before decoding', () => {
    const fn = AbiFunction.from('function f(uint256[][][] x)')
    const word = (n: number) => Hex.toBytes(Hex.padLeft(Hex.fromNumber(n), 32))
    // x -> [a, a] where a -> [b, b], b -> [1]: canonical encoders never share a tail.
    const parts = [word(32), word(2), word(64), word(64), word(2), word(64), word(64), word(1), word(1)]
    const data = new Uint8Array([...Hex.toBytes(AbiFunction.getSelector(fn)), ...parts.flatMap((part) => [...part])])
    const claim = { function: 'f(uint256[][][] x)', selector: AbiFunction.getSelector(fn), args: { x: [] } }
    expect(() => checkEvmCallArgs({ ...callArgs({ target: SHOP }), data, call: claim })).toThrow(/offsets, lengths or trailing bytes/)
  })

  it('refuses zero-size elements, [0] or [00], whose length word would drive the walk for free (found in review)', () => {
    const word = (n: number) => Hex.toBytes(Hex.padLeft(Hex.fromNumber(n), 32))
    for (const type of ['uint256[00][]', 'uint256[0][]', '(uint256[00] a)[]']) {
      const selector = AbiFunction.getSelector(AbiFunction.from(`function f(${type} x)` as never) as AbiFunction.AbiFunction)
      const data = new Uint8Array([...Hex.toBytes(selector), ...word(32), ...word(0xffffffff)])
      const claim = { function: `f(${type} x)`, selector, args: { x: [] } }
      expect(() => checkEvmCallArgs({ ...callArgs({ target: SHOP }), data, call: claim }), type).toThrow(InvalidEvmArgsError)
    }
  })

  it('accepts the longest calldata within MAX_CALLDATA_BYTES and refuses the next word, before decoding', () => {
    // 4 selector bytes, an offset word, a length word, then the bytes in whole words: 32,740 is the longest fit.
    const sized = (total: number) => callArgs({ target: SHOP, function: 'f(bytes b)', values: [Hex.fromBytes(new Uint8Array(total - 68))] })
    expect(checkEvmCallArgs(sized(MAX_CALLDATA_BYTES - 28)).data).toHaveLength(MAX_CALLDATA_BYTES - 28)
    expect(() => checkEvmCallArgs(sized(MAX_CALLDATA_BYTES + 4))).toThrow(/32772 bytes; the limit is 32768/)
    expect(checkEvmCallArgs(sized(MAX_CALLDATA_BYTES + 4), undefined, MAX_CALLDATA_BYTES + 4).data).toHaveLength(MAX_CALLDATA_BYTES + 4)
  })

  it('keeps a parameter named __proto__ as a key of the view, never as its prototype', () => {
    const args = evmCallArgs({ chain: 1, account: ACCOUNT, target: SHOP, function: 'f(uint256 __proto__)', values: [5n] })
    const view = checkEvmCallArgs(args).call!.args
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype)
    expect(Object.keys(view)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(view, '__proto__')?.value).toBe('5')
  })

  it('accepts nested dynamic arguments that are canonically encoded', () => {
    const args = evmCallArgs({ chain: 1, account: ACCOUNT, target: SHOP, function: 'f((address a, bytes b)[] xs, string s)', values: [[{ a: MERCHANT, b: '0x0102' }], 'hé'] })
    expect(checkEvmCallArgs(args).call?.args).toEqual({ xs: [{ a: MERCHANT, b: new Uint8Array([1, 2]) }], s: 'hé' })
  })

  it('refuses non-canonical spellings: mixed-case addresses, padded amounts, chains, functions', () => {
    const honest = callArgs()
    expect(() => checkEvmCallArgs({ ...honest, target: '0x3333333333333333333333333333333333333333'.replace('0x', '0X') })).toThrow(InvalidEvmArgsError)
    expect(() => checkEvmCallArgs({ ...honest, account: '0xAbCd111111111111111111111111111111111111' })).toThrow(InvalidEvmArgsError)
    expect(() => checkEvmCallArgs({ ...honest, value: '00' })).toThrow(InvalidEvmArgsError)
    expect(() => checkEvmCallArgs({ ...honest, value: 0 })).toThrow(InvalidEvmArgsError)
    expect(() => checkEvmCallArgs({ ...honest, chain: 'eip155:01' })).toThrow(InvalidEvmArgsError)
    expect(() => checkEvmCallArgs({ ...honest, chain: 1 })).toThrow(InvalidEvmArgsError)
    const call = honest.call as { function: string }
    for (const spelling of ['transfer(address to,uint256 amount)', 'transfer(address,uint256)', 'transfer(address to, uint amount)', 'transfer(address to, uint256 amount) returns (bool)']) {
      expect(() => checkEvmCallArgs({ ...honest, call: { ...call, function: spelling } }), spelling).toThrow(InvalidEvmArgsError)
    }
    expect(() => checkEvmCallArgs({ ...honest, extra: 1 })).toThrow(InvalidEvmArgsError)
  })

  it('spells values at 2^64 − 1, 2^64 and 2^256 − 1 exactly, and refuses one over', () => {
    for (const value of [TWO_64 - 1n, TWO_64, MAX_UINT256]) {
      const args = callArgs({ value, values: [MERCHANT, value] })
      expect(args.value).toBe(value.toString())
      const call = checkEvmCallArgs(args)
      expect(callAmounts(call)).toEqual({ wei: value, [erc20Dimension(1, USDC)]: value })
    }
    expect(() => callArgs({ value: MAX_UINT256 + 1n })).toThrow(InvalidEvmArgsError)
    expect(() => checkEvmCallArgs({ ...callArgs(), value: (MAX_UINT256 + 1n).toString() })).toThrow(InvalidEvmArgsError)
  })
})
