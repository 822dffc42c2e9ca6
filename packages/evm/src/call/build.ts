import type { IPLDMap } from '@capchain/core/token'
import { AbiFunction, Hex } from 'ox'
import { decodeCall } from '../abi/decode-call.js'
import { parseClaimedFunction } from '../abi/fragment.js'
import { InvalidEvmArgsError } from '../errors.js'
import { lowerAddress } from '../profile/address.js'
import { caip2, parseChain } from '../profile/chain.js'
import { formatUint } from '../profile/uint.js'

/** What `evmCallArgs` builds from. */
export interface EvmCallInput {
  /** Chain id, or CAIP-2 `eip155:<id>`. */
  readonly chain: number | string
  readonly account: string
  readonly target: string
  /** Wei sent; default 0. */
  readonly value?: bigint
  /** The function called, as `transfer(address to, uint256 amount)`; absent for a plain value transfer. */
  readonly function?: string
  /** Its arguments in order, as ox takes them (bigints, hex strings, objects for tuples). */
  readonly values?: readonly unknown[]
}

/**
 * The args of an `/evm/call` invocation: the calldata encoded with ox, and
 * the `call` view derived from it exactly as the profile derives it when
 * checking, so what an invoker signs is what a service will accept.
 *
 * @throws {InvalidEvmArgsError} an input the profile cannot express (bad address, chain, amount, signature or arguments)
 */
export function evmCallArgs(input: EvmCallInput): IPLDMap {
  const chain = typeof input.chain === 'number' ? caip2(input.chain) : caip2(parseChain(input.chain, 'chain'))
  const base = {
    chain,
    account: lowerAddress(input.account, 'account'),
    target: lowerAddress(input.target, 'target'),
    value: formatUint(input.value ?? 0n, 'value'),
  }
  if (input.function === undefined) {
    if (input.values !== undefined) throw new InvalidEvmArgsError('values need a function', { at: 'values' })
    return { ...base, data: new Uint8Array() }
  }
  const fn = parseClaimedFunction(input.function, 'function')
  let data: Uint8Array
  try {
    data = Hex.toBytes(AbiFunction.encodeData(fn.abi, (input.values ?? []) as never))
  } catch (error) {
    throw new InvalidEvmArgsError(`the values do not encode as ${fn.signature}`, { at: 'values', cause: error })
  }
  return { ...base, data, call: { function: fn.signature, selector: fn.selector, args: decodeCall(fn, data, { at: 'values' }) } }
}
