/**
 * Byte, use and amount caps as policy statements (docs/storage.md, "Caps").
 *
 * A cap is written into a delegation's `pol` as
 *
 *   ["==", ".", ["capchain/cap@1", {"bytes": 1000000000, "uses": 500}]]
 *   ["==", ".", ["capchain/cap@1", {"uses": 10, "period": 3600, "amounts": {"wei": "100000000000000000"}}]]
 *
 * `period` (seconds) makes every limit apply per epoch-aligned window;
 * `amounts` are canonical decimal strings, as DAG-CBOR integers stop at
 * 2^64 and an amount is a uint256. The fields stay under `@1`: every
 * release of this parser refused an unknown field, so an older guard denies
 * a cap with a period or amounts rather than ignoring what it cannot enforce.
 *
 * which any UCAN 1.0 verifier parses and evaluates to false: `.` selects the
 * invocation's `args`, always a map, and a map never equals a list. A
 * verifier that does not know caps therefore denies every invocation under
 * a capped delegation (fails closed), and no invoker can make it hold,
 * whatever `args` it signs. (A map literal would not do: `args` could equal it.)
 * The guard recognises the statement, takes it out of the
 * policy the chain verifier evaluates, and enforces it against the usage
 * ledger instead.
 */
import type { IPLDValue } from '@capchain/core/token'
import type { Amounts, CapLimit } from '@capchain/store'
import { checkAmounts, checkPeriod } from '@capchain/store/validate'
import { InvalidCapError } from '../errors.js'

// Canonical: no sign, no leading zero, no exponent; one amount has one spelling.
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/

/** The tag of a cap statement; its version lets a later format fail closed here too. */
export const CAP_MARKER = 'capchain/cap@1'

/** What every cap tag starts with, so a cap of a version we do not know is recognised as one and refused. */
const CAP_FAMILY = 'capchain/cap@'

/**
 * The cap statement for `cap`.
 *
 * @throws {InvalidCapError} no limit, a count that is not a non-negative safe integer, a bad period or named amount
 */
export function capStatement(cap: CapLimit): IPLDValue {
  checkCap(cap)
  const params: { [key: string]: IPLDValue } = {}
  if (cap.bytes !== undefined) params.bytes = cap.bytes
  if (cap.uses !== undefined) params.uses = cap.uses
  if (cap.period !== undefined) params.period = cap.period
  if (cap.amounts !== undefined) params.amounts = Object.fromEntries(Object.entries(cap.amounts).map(([name, value]) => [name, value.toString()]))
  return ['==', '.', [CAP_MARKER, params]]
}

/** A delegation's policy with its cap taken out. */
export interface SplitPolicy {
  /** The cap, when the policy has one. */
  readonly cap: CapLimit | undefined
  /** Every other statement, in order: what the chain verifier still evaluates. */
  readonly rest: IPLDValue[]
}

/**
 * Find the cap of a policy. Refused rather than passed on: a cap statement
 * that is malformed, a second one, one nested inside another statement (it
 * would not bind there: `or` and `not` change its meaning), or one of an
 * unknown version.
 *
 * @throws {InvalidCapError} for any of those; `at` names the statement
 */
export function splitCap(pol: readonly IPLDValue[], cid?: string): SplitPolicy {
  let cap: CapLimit | undefined
  const rest: IPLDValue[] = []
  for (const [i, statement] of pol.entries()) {
    const where = { at: `pol[${i}]`, ...(cid === undefined ? {} : { cid }) }
    const found = readCapStatement(statement, where)
    if (found === undefined) {
      if (mentionsCap(statement)) {
        throw new InvalidCapError(`${where.at}: a cap must be a top-level statement ["==", ".", ["${CAP_MARKER}", {…}]]`, where)
      }
      rest.push(statement)
    } else {
      if (cap !== undefined) throw new InvalidCapError(`${where.at}: a delegation holds at most one cap`, where)
      cap = found
    }
  }
  return { cap, rest }
}

/** The cap a top-level statement states, `undefined` when it is not shaped as a cap statement at all. */
function readCapStatement(statement: IPLDValue, where: { at: string; cid?: string }): CapLimit | undefined {
  if (!Array.isArray(statement) || statement.length !== 3 || statement[0] !== '==' || statement[1] !== '.') return undefined
  const literal = statement[2]
  if (!Array.isArray(literal) || typeof literal[0] !== 'string' || !literal[0].startsWith(CAP_FAMILY)) return undefined
  if (literal[0] !== CAP_MARKER) throw new InvalidCapError(`${where.at}: unsupported cap version ${JSON.stringify(literal[0])}`, where)
  const params = literal[1]
  if (literal.length !== 2 || !isPlainMap(params)) {
    throw new InvalidCapError(`${where.at}: a cap is ["${CAP_MARKER}", {bytes?, uses?, period?, amounts?}]`, where)
  }
  const cap: { bytes?: number; uses?: number; period?: number; amounts?: Amounts } = {}
  for (const [key, value] of Object.entries(params)) {
    if (key === 'amounts') cap.amounts = amounts(value, `${where.at}.amounts`, where)
    else if (key === 'bytes' || key === 'uses' || key === 'period') cap[key] = amount(value, `${where.at}.${key}`, where)
    else throw new InvalidCapError(`${where.at}: unknown cap field ${JSON.stringify(key)}`, where)
  }
  checkCap(cap, where)
  return cap
}

/** Whether a cap tag heads a list anywhere inside `value`; recursion is bounded by the token decoder's nesting limit (64). */
function mentionsCap(value: IPLDValue): boolean {
  if (Array.isArray(value)) {
    if (typeof value[0] === 'string' && value[0].startsWith(CAP_FAMILY)) return true
    return value.some(mentionsCap)
  }
  return isPlainMap(value) && Object.values(value).some(mentionsCap)
}

function amount(value: IPLDValue | undefined, what: string, where: { at: string; cid?: string }): number {
  const number = typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    throw new InvalidCapError(`${what} must be a non-negative safe integer`, where)
  }
  return number
}

/** Named amounts from their canonical decimal strings. */
function amounts(value: IPLDValue | undefined, what: string, where: { at: string; cid?: string }): Amounts {
  if (!isPlainMap(value)) throw new InvalidCapError(`${what} must be a map of names to decimal strings`, where)
  return Object.fromEntries(
    Object.entries(value).map(([name, decimal]) => {
      if (typeof decimal !== 'string' || !DECIMAL.test(decimal)) {
        throw new InvalidCapError(`${what}.${name} must be a canonical decimal string`, where)
      }
      return [name, BigInt(decimal)]
    }),
  )
}

/** @throws {InvalidCapError} no limit (a period alone limits nothing), a bad count, period or named amount */
export function checkCap(cap: CapLimit, where: { at?: string; cid?: string } = {}): void {
  if (cap.bytes === undefined && cap.uses === undefined && Object.keys(cap.amounts ?? {}).length === 0) {
    throw new InvalidCapError('a cap limits bytes, uses or a named amount', where)
  }
  for (const key of ['bytes', 'uses'] as const) {
    const value = cap[key]
    if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)) {
      throw new InvalidCapError(`cap ${key} must be a non-negative safe integer, got ${String(value)}`, where)
    }
  }
  try {
    // The ledger's own checks: a cap the guard accepts is one every store records.
    checkPeriod(cap.period, 'cap period')
    checkAmounts(cap.amounts, 'cap amount')
  } catch (error) {
    throw new InvalidCapError(error instanceof Error ? error.message : String(error), { ...where, cause: error })
  }
}

function isPlainMap(value: IPLDValue | undefined): value is { [key: string]: IPLDValue } {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}
