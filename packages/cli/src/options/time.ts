import { InvalidOptionValueError } from '../io/usage-error.js'

const SECONDS_PER: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }
const DURATION = /^(\d+)([smhdw])$/
const UNIX = /^\d+$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i
const EXPECTED_TIME = 'a time: a duration from now (30s, 15m, 1h, 7d, 2w), Unix seconds, or an ISO 8601 date'

/** The current time in Unix seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

/**
 * A duration in seconds from `30s`, `15m`, `1h`, `7d` or `2w`.
 *
 * @throws {InvalidOptionValueError} anything else
 */
export function parseDuration(text: string, option: string): number {
  const match = DURATION.exec(text.trim())
  if (match === null) throw new InvalidOptionValueError(option, text, 'a duration such as 30s, 15m, 1h, 7d or 2w')
  return Number(match[1]) * SECONDS_PER[match[2]!]!
}

/**
 * A point in time as Unix seconds: a duration counted from `now` (`7d`),
 * Unix seconds (`1893456000`), or an ISO 8601 date (`2030-01-01`,
 * `2030-01-01T12:00:00Z`; no zone means UTC).
 *
 * @throws {InvalidOptionValueError} anything else
 */
export function parseTime(text: string, option: string, now: number): number {
  const trimmed = text.trim()
  if (DURATION.test(trimmed)) {
    const seconds = now + parseDuration(trimmed, option)
    // Past 2^53 the sum is rounded: not the time asked for, and no token field can hold it.
    if (Number.isSafeInteger(seconds)) return seconds
  } else if (UNIX.test(trimmed)) {
    const seconds = Number(trimmed)
    if (Number.isSafeInteger(seconds)) return seconds
  } else if (ISO_DATE.test(trimmed)) {
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !trimmed.includes(':') ? trimmed : `${trimmed}Z`
    const millis = Date.parse(zoned)
    if (Number.isFinite(millis)) return Math.floor(millis / 1000)
  }
  throw new InvalidOptionValueError(option, text, EXPECTED_TIME)
}

/**
 * An expiry: as {@link parseTime}, or `never` for a token without one
 * (`null`, which UCAN 1.0 requires to be explicit). It must lie after `now`.
 *
 * @throws {InvalidOptionValueError} an unreadable time, or one already past
 */
export function parseExpiry(text: string, option: string, now: number): number | null {
  if (text.trim() === 'never') return null
  const seconds = parseTime(text, option, now)
  if (seconds <= now) throw new InvalidOptionValueError(option, text, 'in the future')
  return seconds
}
