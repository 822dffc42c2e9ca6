/**
 * Fuzzing the CLI's readers of times, sizes and counts (`--expires`,
 * `--not-before`, `--time`, `--max-size`, `--max-bytes`, `--max-uses`): on
 * arbitrary strings, on strings of their own grammar with edge numbers,
 * units in any case and stray spaces, and on mutations of those. Each gives
 * a value in range (a whole number below 2^53; a time after now for an
 * expiry) or an `InvalidOptionValueError`; nothing else. What it accepts from
 * its grammar is checked against exact decimal arithmetic (BigInt), so a
 * rounding that turns a refused input into an accepted one is caught.
 *
 * Cases, seed and timeouts: packages/attacks/test/support/fuzz-run.ts (`pnpm fuzz cli/options`).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzParameters, fuzzTimeout, mutateString, mutation } from '../../attacks/test/support/index.js'
import { InvalidOptionValueError } from '../src/io/usage-error.js'
import { parseCount, parseSize } from '../src/options/size.js'
import { parseExpiry, parseTime } from '../src/options/time.js'

/** A generous bound on one case (measured: a few microseconds). */
const TIMEOUT = fuzzTimeout(1)

const MAX = BigInt(Number.MAX_SAFE_INTEGER)
const SIZE_UNITS: Readonly<Record<string, bigint>> = { '': 1n, b: 1n, kb: 10n ** 3n, mb: 10n ** 6n, gb: 10n ** 9n, tb: 10n ** 12n, kib: 1n << 10n, mib: 1n << 20n, gib: 1n << 30n, tib: 1n << 40n }
const SECONDS: Readonly<Record<string, bigint>> = { s: 1n, m: 60n, h: 3600n, d: 86_400n, w: 604_800n }

/** The value `read` returns, or `undefined` for an `InvalidOptionValueError`; anything else thrown fails the property. */
function readOrRefuse<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch (error) {
    if (error instanceof InvalidOptionValueError) return undefined
    return expect.fail(`threw something other than an InvalidOptionValueError: ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`)
  }
}

/** Decimal digits: short ones, and long ones around 2^53 and beyond. */
const digits = fc.oneof(
  fc.nat({ max: 5000 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
  fc.bigInt({ min: MAX - 3000n, max: MAX + 3000n }).map(String),
  fc.stringMatching(/^0{1,3}[0-9]{1,4}$/),
)
const space = fc.constantFrom('', ' ', '\t', '  ', '\n')
/** A unit spelled in any case, or one that is not a unit. */
const caseOf = (word: string) => fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''))
const sizeUnit = fc.oneof(fc.constantFrom(...Object.keys(SIZE_UNITS)).chain(caseOf), fc.constantFrom('k', 'kbb', 'ki', 'µb', 'e3', '.5'))

const sizeText = fc
  .record({ before: space, whole: digits, fraction: fc.option(fc.stringMatching(/^[0-9]{0,18}$/), { nil: undefined }), gap: space, unit: sizeUnit, after: space })
  .map((s) => ({ ...s, text: `${s.before}${s.whole}${s.fraction === undefined ? '' : `.${s.fraction}`}${s.gap}${s.unit}${s.after}` }))

/** The exact byte count of a size of the grammar, or `undefined` when it is fractional, above 2^53 - 1, or not a size. */
function exactSize({ whole, fraction, unit }: { whole: string; fraction: string | undefined; unit: string }): number | undefined {
  const factor = SIZE_UNITS[unit.toLowerCase()]
  // Spaces around the number and the unit are allowed; an empty fraction (`1.`) is not a number here.
  if (factor === undefined || fraction === '') return undefined
  const decimals = fraction ?? ''
  const scale = 10n ** BigInt(decimals.length)
  const scaled = BigInt(whole + decimals) * factor
  if (scaled % scale !== 0n || scaled / scale > MAX) return undefined
  return Number(scaled / scale)
}

const durationText = fc.record({ before: space, count: digits, unit: fc.constantFrom(...Object.keys(SECONDS), 'S', 'y', 'ms'), after: space })
const now = fc.integer({ min: 0, max: 2 ** 40 })
const anyText = fc.oneof(fc.string({ maxLength: 40, unit: 'binary' }), fc.string({ maxLength: 40, unit: 'grapheme-ascii' }))

/** Strings of every reader's grammar, then mutated: the near-misses. */
const nearMiss = fc
  .tuple(
    fc.oneof(
      sizeText.map((s) => s.text),
      durationText.map((d) => `${d.count}${d.unit}`),
      fc.constantFrom('2030-01-01', '2030-01-01T12:00:00Z', '2030-01-01 12:00', '2030-01-01T12:00:00.5+02:00', '1893456000', 'never'),
    ),
    fc.array(mutation, { maxLength: 3 }),
  )
  .map(([text, mutations]) => mutations.reduce((acc, m) => mutateString(acc, m), text))

const inRange = (value: number): boolean => Number.isSafeInteger(value) && value >= 0

describe('CLI time and size options give a value in range or an InvalidOptionValueError', () => {
  it('sizes and counts, on arbitrary strings and near-misses', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, nearMiss), (text) => {
        const size = readOrRefuse(() => parseSize(text, '--max-size'))
        if (size !== undefined) expect(inRange(size), `${JSON.stringify(text)} read as ${size}`).toBe(true)
        const count = readOrRefuse(() => parseCount(text, '--max-uses'))
        if (count !== undefined) expect(count).toBe(Number(BigInt(text.trim())))
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('sizes of the grammar: exactly the whole byte counts below 2^53 are accepted, each at its exact value', () => {
    fc.assert(
      fc.property(sizeText, (size) => {
        expect(readOrRefuse(() => parseSize(size.text, '--max-size')), JSON.stringify(size.text)).toBe(exactSize(size))
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('times and expiries, on arbitrary strings and near-misses', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, nearMiss), now, (text, at) => {
        const time = readOrRefuse(() => parseTime(text, '--not-before', at))
        if (time !== undefined) expect(Number.isSafeInteger(time), `${JSON.stringify(text)} read as ${time}`).toBe(true)
        const expiry = readOrRefuse(() => parseExpiry(text, '--expires', at))
        if (expiry !== undefined && expiry !== null) expect(Number.isSafeInteger(expiry) && expiry > at, `${JSON.stringify(text)} read as ${expiry}`).toBe(true)
        if (expiry === null) expect(text.trim()).toBe('never')
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('durations: now plus exactly the duration while that stays below 2^53, refused beyond', () => {
    fc.assert(
      fc.property(durationText, now, ({ before, count, unit, after }, at) => {
        const text = `${before}${count}${unit}${after}`
        const factor = SECONDS[unit]
        const exact = factor === undefined ? undefined : BigInt(at) + BigInt(count) * factor
        const expected = exact === undefined || exact > MAX ? undefined : Number(exact)
        expect(readOrRefuse(() => parseTime(text, '--expires', at)), JSON.stringify(text)).toBe(expected)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)
})

describe('counterexamples the fuzzer found (fixed)', () => {
  it('a fractional byte count is refused, however close to 2^53 (it was rounded to a whole number and accepted)', () => {
    expect(() => parseSize('9007199254737991.1', '--max-size')).toThrow(InvalidOptionValueError)
    expect(() => parseSize('4503599627370495.5B', '--max-size')).toThrow(InvalidOptionValueError)
    expect(parseSize('9007199254737991', '--max-size')).toBe(9007199254737991)
  })

  it('a decimal size that is a whole number of bytes is accepted at its exact value (1.1KB was 1100.0000000000002 and refused)', () => {
    expect(parseSize('1.1KB', '--max-size')).toBe(1100)
    expect(parseSize('0.001kb', '--max-size')).toBe(1)
    expect(parseSize('1.5KiB', '--max-size')).toBe(1536)
    expect(() => parseSize('1.0001KB', '--max-size')).toThrow(InvalidOptionValueError)
  })

  it('a duration that takes the time past 2^53 is refused (it returned an unsafe, rounded number)', () => {
    expect(() => parseTime('9007199254737991s', '--expires', 3001)).toThrow(InvalidOptionValueError)
    expect(() => parseExpiry('9007199254737991s', '--expires', 3001)).toThrow(InvalidOptionValueError)
    expect(parseTime('9007199254737991s', '--expires', 0)).toBe(9007199254737991)
    expect(parseTime(`${Number.MAX_SAFE_INTEGER - 3000}s`, '--expires', 3000)).toBe(Number.MAX_SAFE_INTEGER)
  })
})
