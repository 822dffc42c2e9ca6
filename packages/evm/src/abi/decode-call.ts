import type { IPLDMap } from '@capchain/core/token'
import { AbiFunction, Bytes, Hex } from 'ox'
import { CalldataMismatchError } from '../errors.js'
import type { ClaimedFunction } from './fragment.js'
import { isCanonicalLayout } from './layout.js'
import { argsView } from './view.js'

/**
 * Derive what `data` calls: it must be the claimed function's selector
 * followed by its arguments in exactly the bytes the canonical encoder
 * writes for them. So a different function sharing the selector (its
 * arguments would not re-encode to the same bytes under the claimed types),
 * trailing bytes, dirty padding or aliased offsets are all refused, and the
 * contract will see the same arguments the policies saw.
 *
 * @returns the named arguments as policies see them (`argsView`)
 * @throws {CalldataMismatchError} another selector, bytes that do not decode, or do not re-encode to themselves
 */
export function decodeCall(fn: ClaimedFunction, data: Uint8Array, options: { at: string; cid?: string }): IPLDMap {
  const where = { at: options.at, ...(options.cid === undefined ? {} : { cid: options.cid }) }
  if (data.length < 4 || Hex.fromBytes(data.subarray(0, 4)) !== fn.selector) {
    throw new CalldataMismatchError(`the calldata does not start with ${fn.selector}, the selector of ${fn.signature}`, where)
  }
  if (!isCanonicalLayout(fn.abi.inputs, data.subarray(4))) {
    throw new CalldataMismatchError(`the calldata is not the canonical encoding of ${fn.signature} (offsets, lengths or trailing bytes)`, where)
  }
  let values: readonly unknown[]
  try {
    // ox answers undefined for a function without parameters.
    values = (AbiFunction.decodeData(fn.abi, Hex.fromBytes(data)) ?? []) as readonly unknown[]
  } catch (error) {
    throw new CalldataMismatchError(`the calldata does not decode as ${fn.signature}`, { ...where, cause: error })
  }
  let encoded: Hex.Hex
  try {
    encoded = AbiFunction.encodeData(fn.abi, values as never)
  } catch (error) {
    throw new CalldataMismatchError(`the decoded arguments of ${fn.signature} do not encode again`, { ...where, cause: error })
  }
  if (!Bytes.isEqual(Hex.toBytes(encoded), data)) {
    throw new CalldataMismatchError(`the calldata is not the canonical encoding of ${fn.signature} (padding or values out of range)`, where)
  }
  return argsView(fn.abi.inputs, values)
}
