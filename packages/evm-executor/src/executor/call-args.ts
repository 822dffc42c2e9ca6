/** The body of `POST /evm/call` and the invocation args it must equal. */
import type { IPLDMap } from '@capchain/core/token'
import { CallInvalidError } from '../errors.js'
import type { Hex } from '../chain/interface.js'

/** What the account is asked to call: `value` wei to `to` with calldata `data`. */
export interface EvmCall {
  readonly to: Hex
  readonly value: bigint
  readonly data: Hex
}

const ADDRESS = /^0x[0-9a-f]{40}$/
const DATA = /^0x(?:[0-9a-f]{2})*$/
const DECIMAL = /^(?:0|[1-9][0-9]{0,77})$/
const UINT256_MAX = (1n << 256n) - 1n

/**
 * Read a request body `{ to, value, data }`: a lower-case address, a
 * canonical decimal string of wei, lower-case hex calldata. Anything else
 * is refused rather than normalised, so the args a delegation's policy
 * sees are exactly the bytes the account will call with.
 * @throws {CallInvalidError} a body of another shape
 */
export function readCall(body: unknown): EvmCall {
  if (typeof body !== 'object' || body === null) throw new CallInvalidError('the body must be a JSON object { to, value, data }', { at: 'body' })
  const { to, value, data } = body as Record<string, unknown>
  if (typeof to !== 'string' || !ADDRESS.test(to)) throw new CallInvalidError('`to` must be a lower-case 0x address', { at: 'body.to' })
  if (typeof value !== 'string' || !DECIMAL.test(value) || BigInt(value) > UINT256_MAX) {
    throw new CallInvalidError('`value` must be wei as a canonical decimal string within uint256', { at: 'body.value' })
  }
  if (typeof data !== 'string' || !DATA.test(data)) throw new CallInvalidError('`data` must be lower-case 0x hex bytes', { at: 'body.data' })
  return { to: to as Hex, value: BigInt(value), data: data as Hex }
}

/**
 * The invocation args of `call`: `value` an integer as DAG-CBOR decodes it
 * (a number up to 2^53 − 1, a bigint beyond), so policies compare it with
 * `<=` and the guard's args match compares like with like.
 */
export function callArgs(call: EvmCall): IPLDMap {
  const value = call.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(call.value) : call.value
  return { to: call.to, value, data: call.data }
}
