import type { Invocation } from '@capchain/core/token'
import { InvocationExpiryError } from '../errors.js'
import { MAX_INVOCATION_LIFETIME } from './lifetime.js'

/**
 * The invocation's `exp`, which must exist and come soon enough: its replay
 * record is kept until then, so an invocation valid forever could be
 * replayed once the record is swept.
 *
 * @param maxLifetime - longest accepted `exp - now`, seconds
 * @throws {InvocationExpiryError} no `exp`, or one further than `maxLifetime` away (at `payload.exp`)
 */
export function checkExpiry(invocation: Invocation, now: number, maxLifetime: number = MAX_INVOCATION_LIFETIME): number {
  const cid = invocation.cid.toString()
  const { exp } = invocation.payload
  if (exp === null) throw new InvocationExpiryError('an invocation must have an exp', { cid, at: 'payload.exp' })
  if (exp > now + maxLifetime) {
    throw new InvocationExpiryError(`exp is ${exp - now} s away; the limit is ${maxLifetime} s`, { cid, at: 'payload.exp' })
  }
  return exp
}
