/**
 * Constraints the UCAN policy language cannot state, as capchain statements
 * (docs/evm.md, "Statements"). Written into a delegation's `pol` as
 *
 *   ["==", ".", ["capchain/evm@1", {"uint": [["<=", ".value", "100000000000000000"]], "shapes": ["wrapper"]}]]
 *
 * Like a cap, any UCAN 1.0 verifier parses it and evaluates it to false
 * (`.` selects `args`, a map, which never equals a list), so a verifier that
 * does not know the profile denies every invocation under it; the guard
 * takes it out of the policy it evaluates and hands it to the profile's
 * requirement, which enforces it.
 *
 * - `uint`: comparisons `[op, selector, "decimal"]` (`op` one of `<`, `<=`,
 *   `>`, `>=`, `==`) over integers `args` spell as canonical decimal strings
 *   (uint256 values, and negative intN arguments): exact at any width. All
 *   must hold; a selector that does not resolve to such a string fails. A
 *   fourth element, a function selector (`"0xa9059cbb"`), makes the
 *   comparison apply only to calls with that selector, as derived from the
 *   calldata: renaming a parameter cannot skip it, only fail it.
 * - `shapes`: dangerous call shapes this grant allows (`CALL_SHAPES`).
 */
import type { IPLDValue } from '@capchain/core/token'
import { parseSelector } from '@capchain/policy'
import { isMap } from '../call/args.js'
import { CALL_SHAPES } from '../call/shapes.js'
import type { CallShape } from '../call/shapes.js'
import { InvalidEvmStatementError } from '../errors.js'
import { readInt } from '../profile/uint.js'

/** The tag of an EVM statement; its version lets a later format fail closed. */
export const EVM_MARKER = 'capchain/evm@1'

const EVM_FAMILY = 'capchain/evm@'

/** Most comparisons in one statement: a bound on the work of enforcing it. */
export const MAX_UINT_COMPARISONS = 64

export const UINT_OPERATORS = ['<', '<=', '>', '>=', '=='] as const

export type UintOperator = (typeof UINT_OPERATORS)[number]

/** One exact integer comparison over `args`, optionally only for calls with a given function selector. */
export type UintComparison = readonly [op: UintOperator, selector: string, bound: string, only?: `0x${string}`]

/** What one `capchain/evm@1` statement states. */
export interface EvmConstraint {
  readonly uint?: readonly UintComparison[]
  readonly shapes?: readonly CallShape[]
}

/**
 * The statement for `constraint`.
 *
 * @throws {InvalidEvmStatementError} an empty constraint, a bad operator, selector, bound or shape
 */
export function evmStatement(constraint: EvmConstraint): IPLDValue {
  const params: { [key: string]: IPLDValue } = {}
  if (constraint.uint !== undefined) params.uint = constraint.uint.map((comparison) => comparison.filter((part): part is string => part !== undefined))
  if (constraint.shapes !== undefined) params.shapes = [...constraint.shapes]
  const statement: IPLDValue = ['==', '.', [EVM_MARKER, params]]
  readEvmStatement(statement, { at: 'statement' })
  return statement
}

/**
 * The constraint a top-level statement states, `undefined` when it is not
 * an EVM statement at all.
 *
 * @throws {InvalidEvmStatementError} an EVM statement of an unknown version or malformed
 */
export function readEvmStatement(statement: IPLDValue, where: { at: string; cid?: string }): EvmConstraint | undefined {
  if (!Array.isArray(statement) || statement.length !== 3 || statement[0] !== '==' || statement[1] !== '.') return undefined
  const literal = statement[2]
  if (!Array.isArray(literal) || typeof literal[0] !== 'string' || !literal[0].startsWith(EVM_FAMILY)) return undefined
  const fail = (message: string): never => {
    throw new InvalidEvmStatementError(`${where.at}: ${message}`, where)
  }
  if (literal[0] !== EVM_MARKER) fail(`unsupported EVM statement version ${JSON.stringify(literal[0])}`)
  const params = literal[1]
  if (literal.length !== 2 || !isMap(params)) return fail(`an EVM statement is ["${EVM_MARKER}", {uint?, shapes?}]`)
  const extra = Object.keys(params).find((key) => key !== 'uint' && key !== 'shapes')
  if (extra !== undefined) fail(`unknown EVM statement field ${JSON.stringify(extra)}`)
  if (params.uint === undefined && params.shapes === undefined) fail('an EVM statement states uint comparisons, shapes, or both')
  const constraint: { uint?: UintComparison[]; shapes?: CallShape[] } = {}
  if (params.uint !== undefined) constraint.uint = readComparisons(params.uint, fail)
  if (params.shapes !== undefined) {
    const shapes = params.shapes
    if (!Array.isArray(shapes) || shapes.some((shape) => !CALL_SHAPES.includes(shape as CallShape)) || new Set(shapes).size !== shapes.length) {
      fail(`shapes must list distinct shapes among ${CALL_SHAPES.join(', ')}`)
    }
    constraint.shapes = shapes as CallShape[]
  }
  return constraint
}

function readComparisons(value: IPLDValue, fail: (message: string) => never): UintComparison[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_UINT_COMPARISONS) {
    return fail(`uint must list 1 to ${MAX_UINT_COMPARISONS} comparisons`)
  }
  return value.map((comparison, i) => {
    if (!Array.isArray(comparison) || comparison.length < 3 || comparison.length > 4) return fail(`uint[${i}] must be [op, selector, "decimal", function selector?]`)
    const [op, selector, bound, only] = comparison
    if (!UINT_OPERATORS.includes(op as UintOperator)) return fail(`uint[${i}]: unknown operator ${JSON.stringify(op)}`)
    if (typeof selector !== 'string') return fail(`uint[${i}]: the selector must be a string`)
    try {
      parseSelector(selector)
    } catch (error) {
      return fail(`uint[${i}]: ${(error as Error).message}`)
    }
    if (readInt(bound) === undefined) return fail(`uint[${i}]: the bound must be an integer as a canonical decimal string within int256 or uint256`)
    if (only === undefined) return [op as UintOperator, selector, bound as string] as const
    if (typeof only !== 'string' || !/^0x[0-9a-f]{8}$/.test(only)) return fail(`uint[${i}]: the function selector must be 0x and 8 lower-case hex digits`)
    return [op as UintOperator, selector, bound as string, only as `0x${string}`] as const
  })
}

/** Whether an EVM tag heads a list anywhere inside `value`; recursion is bounded by the token decoder's nesting limit (64). */
export function mentionsEvm(value: IPLDValue): boolean {
  if (Array.isArray(value)) {
    if (typeof value[0] === 'string' && value[0].startsWith(EVM_FAMILY)) return true
    return value.some(mentionsEvm)
  }
  return isMap(value) && Object.values(value).some(mentionsEvm)
}
