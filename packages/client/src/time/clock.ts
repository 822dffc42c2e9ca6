import { ClientInputError } from '../errors.js'
import { unixNow } from '../tokens.js'

/** The time every token is made at, in Unix seconds: the system clock unless a test or a demo fixes it. */
export type Clock = () => number

/**
 * The clock's reading, checked: a token's `iat`, `nbf` and `exp` are
 * integers, and one made from NaN or a fraction would be refused only by
 * whoever verifies it, far from the cause.
 * @throws {ClientInputError} the clock answered something that is not a non-negative integer
 */
export function readClock(clock: Clock = unixNow): number {
  const now = clock()
  if (!Number.isSafeInteger(now) || now < 0) throw new ClientInputError(`the clock (options.now) must answer whole Unix seconds, got ${String(now)}`, { at: 'now' })
  return now
}
