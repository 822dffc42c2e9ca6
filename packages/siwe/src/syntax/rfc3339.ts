/**
 * RFC 3339 `date-time`, checked strictly (real calendar dates, hours 00–23,
 * seconds 00–60), because `Date.parse` accepts far more (`Wed Oct 05 2011…`,
 * dates without a time zone) and silently rolls `02-31` over into March.
 */

// "T" and "Z" are case-insensitive: RFC 3339 §5.6 and its ABNF (RFC 5234 literals) allow "t" and "z".
const DATE_TIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))$/

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/**
 * The instant an RFC 3339 `date-time` names, in milliseconds since the Unix
 * epoch (fractions below a millisecond are truncated), or `undefined` if the
 * text is not a valid `date-time`.
 *
 * A leap second (`:60`) is accepted, as RFC 3339 allows, and counted as the
 * first instant of the next minute: JavaScript time has no leap seconds.
 */
export function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text)
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 60) return undefined
  let offsetMinutes = 0
  if (m[8] === undefined) {
    const offsetHour = Number(m[10])
    const offsetMinute = Number(m[11])
    if (offsetHour > 23 || offsetMinute > 59) return undefined
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHour * 60 + offsetMinute)
  }
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'))
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, millis)
  return date.getTime() - offsetMinutes * 60_000
}
