import { SizeInputError } from './size-input-error.js'
import { SIZE_UNITS } from './units.js'

const SIZE = /^(\d+)(?:\.(\d+))?\s*([a-z]*)$/i

/**
 * A size as a person types it (`1.5 MB`, `500 kb`, `2 GiB`, `1200`) in
 * bytes, exactly: decimal digits times the unit in integers, never through
 * floating point, so `1.1 MB` is 1100000 bytes and not 1100000.0000000002.
 *
 * @throws {SizeInputError} not a number with a known unit, a fraction of a byte, or beyond 2^53 - 1 bytes
 */
export function parseSize(text: string, field: string): number {
  const match = SIZE.exec(text.trim())
  if (match === null) throw new SizeInputError(field, text, 'is not a size')
  const [, whole = '', fraction = '', unitName = ''] = match
  const unit = SIZE_UNITS[unitName === '' ? 'b' : unitName.toLowerCase()]
  if (unit === undefined) throw new SizeInputError(field, text, `has the unknown unit ${unitName}`)
  const scale = 10n ** BigInt(fraction.length)
  const scaled = BigInt(whole + fraction) * unit
  if (scaled % scale !== 0n) throw new SizeInputError(field, text, 'is not a whole number of bytes')
  const bytes = scaled / scale
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) throw new SizeInputError(field, text, 'is larger than any quota the service takes')
  return Number(bytes)
}
