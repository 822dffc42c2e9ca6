import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import { decodeCall } from '../abi/decode-call.js'
import { sameView } from '../abi/equal.js'
import { parseClaimedFunction } from '../abi/fragment.js'
import { CalldataMismatchError, InvalidEvmArgsError } from '../errors.js'
import { parseAddress } from '../profile/address.js'
import type { LowerAddress } from '../profile/address.js'
import { parseChain } from '../profile/chain.js'
import { parseUint } from '../profile/uint.js'

/** An `/evm/call` invocation's args, checked, with what the profile derived from the calldata. */
export interface EvmCall {
  readonly chainId: number
  readonly account: LowerAddress
  readonly target: LowerAddress
  /** Wei sent with the call. */
  readonly value: bigint
  readonly data: Uint8Array
  /** The function called, absent for a plain value transfer (empty calldata). */
  readonly call?: {
    readonly signature: string
    readonly selector: `0x${string}`
    /** The decoded arguments by name, as in `args.call.args`. */
    readonly args: IPLDMap
  }
}

/**
 * Longest accepted calldata by default, in bytes: decoding is linear but not
 * free (128 KiB took 30–60 ms with ox), and it runs before any signature is
 * checked. Calls in use are far shorter; a service taking larger ones raises it.
 */
export const MAX_CALLDATA_BYTES = 32_768

const CALL_KEYS = ['account', 'call', 'chain', 'data', 'target', 'value']
const CLAIM_KEYS = ['args', 'function', 'selector']

/**
 * Check `/evm/call` args: `{ chain, account, target, value, data, call? }`,
 * and derive the call from `data`, never from the claim. Empty `data` is a
 * value transfer and has no `call`; any other `data` must come with `call:
 * { function, selector, args }` whose every part equals what the calldata,
 * decoded against `function`, says. Unknown keys are refused so that no
 * policy is evaluated over a field the profile does not check.
 *
 * @param maxCalldataBytes - longest accepted calldata (default `MAX_CALLDATA_BYTES`)
 * @throws {InvalidEvmArgsError} a missing, extra, mistyped or non-canonical field, or calldata over the limit
 * @throws {CalldataMismatchError} the calldata is not exactly the claimed call
 */
export function checkEvmCallArgs(args: IPLDMap, cid?: string, maxCalldataBytes: number = MAX_CALLDATA_BYTES): EvmCall {
  const where = (at: string) => ({ at, ...(cid === undefined ? {} : { cid }) })
  onlyKeys(args, CALL_KEYS, 'args', cid)
  const chainId = parseChain(args.chain, 'args.chain')
  const account = parseAddress(args.account, 'args.account')
  const target = parseAddress(args.target, 'args.target')
  const value = parseUint(args.value, 'args.value')
  const data = args.data
  if (!(data instanceof Uint8Array)) throw new InvalidEvmArgsError('args.data must be bytes (empty for a value transfer)', where('args.data'))
  if (data.length > maxCalldataBytes) throw new InvalidEvmArgsError(`args.data is ${data.length} bytes; the limit is ${maxCalldataBytes}`, where('args.data'))
  const claim = args.call
  if (data.length === 0) {
    if (claim !== undefined) throw new InvalidEvmArgsError('a value transfer (empty args.data) has no args.call', where('args.call'))
    return { chainId, account, target, value, data }
  }
  if (!isMap(claim)) throw new InvalidEvmArgsError('a call needs args.call: { function, selector, args }', where('args.call'))
  onlyKeys(claim, CLAIM_KEYS, 'args.call', cid)
  const fn = parseClaimedFunction(claim.function, 'args.call.function')
  if (claim.selector !== fn.selector) {
    throw new CalldataMismatchError(`args.call.selector must be ${fn.selector}, the selector of ${fn.signature}`, where('args.call.selector'))
  }
  const derived = decodeCall(fn, data, where('args.data'))
  if (!sameView(claim.args, derived)) {
    throw new CalldataMismatchError(`args.call.args differ from the arguments the calldata passes to ${fn.signature}`, where('args.call.args'))
  }
  return { chainId, account, target, value, data, call: { signature: fn.signature, selector: fn.selector, args: derived } }
}

/** @throws {InvalidEvmArgsError} a key outside `keys`, at `<path>.<key>` */
export function onlyKeys(map: IPLDMap, keys: readonly string[], path: string, cid: string | undefined): void {
  const extra = Object.keys(map).find((key) => !keys.includes(key))
  if (extra !== undefined) {
    throw new InvalidEvmArgsError(`${path}.${extra} is not part of the EVM profile`, { at: `${path}.${extra}`, ...(cid === undefined ? {} : { cid }) })
  }
}

export function isMap(value: IPLDValue | undefined): value is IPLDMap {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}
