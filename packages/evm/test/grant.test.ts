/**
 * Grant helpers and call shapes on their own: the policy `evmCallPolicy`
 * writes, and the shapes `callShapes` derives from raw calldata.
 */
import { AbiFunction, Hex } from 'ox'
import { describe, expect, it } from 'vitest'
import { callShapes, EVM_MARKER, evmCallPolicy, InvalidEvmArgsError, InvalidEvmStatementError } from '../src/index.js'
import type { LowerAddress } from '../src/index.js'
import { ACCOUNT, BUY, SHOP, TRANSFER, USDC } from './fixtures.js'

const encode = (signature: string, values: readonly unknown[]) => Hex.toBytes(AbiFunction.encodeData(AbiFunction.from(`function ${signature}`), values as never))
const shapes = (target: string, data: Uint8Array) => callShapes({ account: ACCOUNT as LowerAddress, target: target as LowerAddress, data })

describe('evmCallPolicy', () => {
  it('writes chain, account, targets and functions as plain statements, in lower case, and limits as one capchain/evm@1 statement', () => {
    const policy = evmCallPolicy({
      chain: 'eip155:1',
      account: ACCOUNT.toUpperCase().replace('0X', '0x'),
      targets: [USDC],
      functions: [TRANSFER, BUY],
      uint: [['<=', '.call.args.amount', '5', TRANSFER]],
      maxValue: 7n,
      shapes: ['wrapper'],
    })
    expect(policy).toEqual([
      ['==', '.chain', 'eip155:1'],
      ['==', '.account', ACCOUNT],
      ['==', '.target', USDC],
      ['or', [['==', '.call.function', TRANSFER], ['==', '.call.function', BUY]]],
      ['==', '.', [EVM_MARKER, { uint: [['<=', '.call.args.amount', '5', '0xa9059cbb'], ['<=', '.value', '7']], shapes: ['wrapper'] }]],
    ])
  })

  it('refuses empty lists, bad addresses, non-canonical functions and chains', () => {
    expect(() => evmCallPolicy({ chain: 1, targets: [] })).toThrow(InvalidEvmStatementError)
    expect(() => evmCallPolicy({ chain: 1, targets: ['0x12'] })).toThrow(InvalidEvmArgsError)
    expect(() => evmCallPolicy({ chain: 1, functions: ['transfer(address,uint256)'] })).toThrow(InvalidEvmArgsError)
    expect(() => evmCallPolicy({ chain: 0 })).toThrow(InvalidEvmArgsError)
    expect(() => evmCallPolicy({ chain: 1, maxValue: -1n })).toThrow(InvalidEvmArgsError)
  })
})

describe('callShapes', () => {
  const inner = encode('transfer(address to, uint256 amount)', [SHOP, 1n])

  it('derives shapes from the selector, whatever function is claimed', () => {
    expect(shapes(USDC, inner)).toEqual([])
    expect(shapes(ACCOUNT, inner)).toEqual(['self-call'])
    expect(shapes(SHOP, encode('multicall(bytes[] data)', [[Hex.fromBytes(inner)]]))).toEqual(['wrapper'])
    expect(shapes(SHOP, encode('execute(address dest, uint256 value, bytes func)', [USDC, 0n, Hex.fromBytes(inner)]))).toEqual(['wrapper'])
  })

  it('reads a delegatecall where the wrapper reads it: ERC-7579 call type 0xff, Safe operation 1, any multiSend', () => {
    const mode = (callType: number) => Hex.fromBytes(new Uint8Array([callType, ...new Uint8Array(31)]))
    expect(shapes(SHOP, encode('execute(bytes32 mode, bytes executionCalldata)', [mode(0), '0x']))).toEqual(['wrapper'])
    expect(shapes(SHOP, encode('execute(bytes32 mode, bytes executionCalldata)', [mode(0xff), '0x']))).toEqual(['wrapper', 'delegatecall'])
    const module = 'execTransactionFromModule(address to, uint256 value, bytes data, uint8 operation)'
    expect(shapes(SHOP, encode(module, [USDC, 0n, Hex.fromBytes(inner), 0]))).toEqual(['wrapper'])
    expect(shapes(SHOP, encode(module, [USDC, 0n, Hex.fromBytes(inner), 1]))).toEqual(['wrapper', 'delegatecall'])
    expect(shapes(ACCOUNT, encode('multiSend(bytes transactions)', ['0x']))).toEqual(['self-call', 'wrapper', 'delegatecall'])
  })
})
