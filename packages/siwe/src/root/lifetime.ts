/**
 * How long a SIWE session may last. A root's `Expiration Time` bounds the
 * whole chain under it, so a root with none, or one signed for months, lets
 * a stolen session key act until the wallet revokes it. The lifetime is
 * counted from `Issued At`, which must therefore not lie in the future (a
 * root issued next year could last a year and a week).
 */
import type { CapchainErrorOptions } from '@capchain/core/errors'
import { InvalidSiweOptionError, SiweIssuedInFutureError, SiweSessionLifetimeError } from '../errors.js'
import type { SiweMessageFields } from '../message/interface.js'
import { parseDateTime } from '../syntax/rfc3339.js'

/** Longest accepted `Expiration Time − Issued At` by default: 7 days, in seconds. */
export const DEFAULT_MAX_SESSION_LIFETIME = 7 * 24 * 3600

/** What the lifetime rule reads of a root, in whole unix seconds; none of it depends on the clock. */
export interface RootLifetime {
  /** `Issued At`, rounded down (the longer lifetime, the stricter check). */
  readonly issuedAt: number
  /** `Expiration Time`, rounded down, or `null` when the message has none. */
  readonly exp: number | null
}

/** The lifetime facts of a root whose fields passed `checkSiweFields` (every time parses). */
export function rootLifetime(fields: SiweMessageFields, exp: number | null): RootLifetime {
  return { issuedAt: Math.floor((parseDateTime(fields.issuedAt) as number) / 1000), exp }
}

/**
 * The format's `maxSessionLifetime`: seconds, or `null` for no bound (a root
 * without `Expiration Time` is then accepted, as EIP-4361 allows).
 * @throws {InvalidSiweOptionError} if it is neither `null` nor a positive integer (`at: maxSessionLifetime`).
 */
export function checkMaxSessionLifetime(value: number | null | undefined): number | null {
  const max = value === undefined ? DEFAULT_MAX_SESSION_LIFETIME : value
  if (max !== null && (!Number.isSafeInteger(max) || max <= 0)) {
    throw new InvalidSiweOptionError('maxSessionLifetime must be a positive integer number of seconds, or null for no bound', { at: 'maxSessionLifetime' })
  }
  return max
}

/**
 * Run on every verification of a root, cached or not: the `Issued At` check
 * depends on `now`.
 * @throws {SiweIssuedInFutureError} if `issuedAt > now + skew` (`at: p.iat`).
 * @throws {SiweSessionLifetimeError} if `max` is set and the root has no `exp`, or `exp − issuedAt > max` (`at: p.exp`).
 */
export function checkRootLifetime(lifetime: RootLifetime, max: number | null, now: number, skew: number, context: CapchainErrorOptions): void {
  if (lifetime.issuedAt > now + skew) {
    throw new SiweIssuedInFutureError(`the SIWE root was issued at ${lifetime.issuedAt}, after now (${now}) with ${skew} s of allowed clock skew`, {
      ...context,
      at: 'p.iat',
    })
  }
  if (max === null) return
  if (lifetime.exp === null) {
    throw new SiweSessionLifetimeError(`the SIWE root has no Expiration Time; sessions must end within ${max} s`, { ...context, at: 'p.exp' })
  }
  if (lifetime.exp - lifetime.issuedAt > max) {
    throw new SiweSessionLifetimeError(`the SIWE root lasts ${lifetime.exp - lifetime.issuedAt} s from its Issued At; the limit is ${max} s`, {
      ...context,
      at: 'p.exp',
    })
  }
}
