/**
 * Per-call settings: the validation time, the clock-skew allowance and the
 * limits, with defaults filled in and overrides checked.
 */
import { InvalidOptionsError } from './errors.js'
import type { VerifyOptions } from './interface.js'
import { DEFAULT_CLOCK_SKEW, resolveLimits } from './limits.js'
import type { VerifierLimits } from './limits.js'

export interface Settings {
  readonly now: number
  readonly skew: number
  readonly limits: VerifierLimits
}

/** @throws {InvalidOptionsError} `now`, `clockSkew` or a limit out of range */
export function resolveSettings(options: VerifyOptions): Settings {
  const now = options.now ?? Math.floor(Date.now() / 1000)
  if (!Number.isSafeInteger(now)) throw new InvalidOptionsError(`now must be an integer number of unix seconds, got ${String(now)}`)
  const skew = options.clockSkew ?? DEFAULT_CLOCK_SKEW
  if (!Number.isSafeInteger(skew) || skew < 0) {
    throw new InvalidOptionsError(`clockSkew must be a non-negative integer number of seconds, got ${String(skew)}`)
  }
  return { now, skew, limits: resolveLimits(options.limits) }
}
