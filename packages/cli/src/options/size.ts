import { InvalidOptionValueError } from '../io/usage-error.js'

/** Decimal (SI) and binary (IEC) byte units, by lowercase symbol. */
const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
}
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i
const EXPECTED = 'a size: a number of bytes, or one with a unit such as 500MB, 1GB or 1MiB'

/**
 * A byte count from `1GB` (10^9), `500MB`, `1MiB` (2^20), `1.5KB` or plain
 * bytes (`4096`). Units are case-insensitive; the result must be a whole
 * number of bytes within 2^53.
 *
 * @throws {InvalidOptionValueError} anything else
 */
export function parseSize(text: string, option: string): number {
  const match = SIZE.exec(text.trim())
  const factor = match === null ? undefined : UNITS[match[2]!.toLowerCase()]
  if (match === null || factor === undefined) throw new InvalidOptionValueError(option, text, EXPECTED)
  // Exact decimal arithmetic: in floating point 1.1KB would be 1100.0000000000002 bytes (refused) and 9007199254737991.1 a whole number (accepted).
  const [whole, fraction = ''] = match[1]!.split('.')
  const scale = 10n ** BigInt(fraction.length)
  const scaled = BigInt(`${whole}${fraction}`) * BigInt(factor)
  if (scaled % scale !== 0n || scaled / scale > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidOptionValueError(option, text, `${EXPECTED} (a whole number of bytes below 2^53)`)
  }
  return Number(scaled / scale)
}

/**
 * A count (`--max-uses 500`): a whole number, at least 0, below 2^53.
 *
 * @throws {InvalidOptionValueError} anything else
 */
export function parseCount(text: string, option: string): number {
  const count = Number(text.trim())
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(count)) throw new InvalidOptionValueError(option, text, 'a count (a whole number)')
  return count
}
