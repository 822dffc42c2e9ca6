/**
 * Time bounds of a SIWE root, in whole unix seconds as UCAN 1.0 counts them.
 * `Expiration Time` rounds down and `Not Before` rounds up, so the root is
 * never valid for a moment the message did not allow. The rule is the
 * verifier's for every link: valid from `nbf − skew` through `exp + skew`,
 * both inclusive. `Issued At` bounds nothing (EIP-4361 gives it no validity meaning).
 */
import type { CapchainErrorOptions } from '@capchain/core/errors'
import { InvalidSiweOptionError, SiweExpiredError, SiweNotYetValidError } from '../errors.js'
import type { SiweMessageFields } from '../message/interface.js'
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../message/validate.js'
import { parseDateTime } from '../syntax/rfc3339.js'

export interface RootTimeBounds {
  readonly nbf?: number
  readonly exp: number | null
}

// Fields passed checkSiweFields, so every time parses.
const millis = (text: string): number => parseDateTime(text) as number

/** The root's `nbf` and `exp` from its SIWE times. */
export function rootTimeBounds(fields: SiweMessageFields): RootTimeBounds {
  const exp = fields.expirationTime === undefined ? null : Math.floor(millis(fields.expirationTime) / 1000)
  return fields.notBefore === undefined ? { exp } : { nbf: Math.ceil(millis(fields.notBefore) / 1000), exp }
}

/**
 * The clock a root is checked against: `now` and the skew (default
 * `DEFAULT_CLOCK_SKEW_SECONDS`), both whole seconds, as the verifier counts them.
 * @throws {InvalidSiweOptionError} if `now` is not an integer, or `clockSkew` not a non-negative integer (`at` names which).
 */
export function checkRootClock(now: number, clockSkew: number | undefined): { now: number; skew: number } {
  if (!Number.isSafeInteger(now)) throw new InvalidSiweOptionError('now must be an integer number of unix seconds', { at: 'now' })
  const skew = clockSkew ?? DEFAULT_CLOCK_SKEW_SECONDS
  if (!Number.isSafeInteger(skew) || skew < 0) {
    throw new InvalidSiweOptionError('clockSkew must be a non-negative integer number of seconds', { at: 'clockSkew' })
  }
  return { now, skew }
}

/**
 * @throws {SiweExpiredError} if `now > exp + skew` (`at: p.exp`).
 * @throws {SiweNotYetValidError} if `now < nbf − skew` (`at: p.nbf`).
 */
export function checkRootTime(bounds: RootTimeBounds, now: number, skew: number, context: CapchainErrorOptions): void {
  const when = `at ${now} with ${skew} s of allowed clock skew`
  if (bounds.exp !== null && now > bounds.exp + skew) {
    throw new SiweExpiredError(`the SIWE root expired at ${bounds.exp} (checked ${when})`, { ...context, at: 'p.exp' })
  }
  if (bounds.nbf !== undefined && now < bounds.nbf - skew) {
    throw new SiweNotYetValidError(`the SIWE root is not valid before ${bounds.nbf} (checked ${when})`, { ...context, at: 'p.nbf' })
  }
}
