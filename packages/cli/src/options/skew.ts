import { InvalidOptionValueError } from '../io/usage-error.js'

/** The allowance when `--skew` is not given: the verifier's and SIWE's default, 60 s. */
export const DEFAULT_SKEW = 60

/**
 * `--skew`: seconds of clock-skew allowance on every `nbf` and `exp`, a
 * whole number from 0.
 *
 * @throws {InvalidOptionValueError} anything else, or a number beyond 2^53
 */
export function parseSkew(text: string, option: string): number {
  const trimmed = text.trim()
  const seconds = Number(trimmed)
  // The digits test comes first: Number() also reads '', '0x10' and '1e3'.
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(seconds)) throw new InvalidOptionValueError(option, text, 'a whole number of seconds')
  return seconds
}
