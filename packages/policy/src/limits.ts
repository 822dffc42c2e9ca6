import { InvalidPolicyOptionsError } from './errors.js'
import type { PolicyLimitName, PolicyLimits, PolicyOptions } from './interface.js'

/**
 * Maximum nesting depth of statements (a top-level statement has depth 1;
 * the operand of `not`, `and`, `or`, `all`, `any` is one deeper), and
 * separately of lists and maps inside an `==`/`!=` literal. Parsing,
 * evaluation and rendering recurse along both, so this bounds stack use.
 */
export const DEFAULT_MAX_DEPTH = 32

/** Maximum number of statements in one policy, nested statements included. */
export const DEFAULT_MAX_STATEMENTS = 1024

/**
 * Maximum length of a `like` pattern in UTF-16 code units. Matching is
 * linear anyway; this bounds the compiled tables kept per pattern.
 */
export const DEFAULT_MAX_PATTERN_LENGTH = 1024

/** Maximum length of a selector in UTF-16 code units. */
export const DEFAULT_MAX_SELECTOR_LENGTH = 1024

/**
 * Work budget for one `evaluatePolicy` call, in steps of work actually
 * done: one per statement visited, per selector segment applied, per
 * element a slice copies or a quantifier visits, per map key listed (a sort
 * of them charged as one), per character `like` compares or scans (again
 * for every statement that reads the subject), and per character or byte
 * `==`/`!=` compares. A 5-statement policy on ordinary arguments takes
 * about 50 steps; a million is a few milliseconds of the costliest work
 * (see docs/policy.md, "Cost model"). A caller that evaluates several
 * policies for one decision should share one `PolicyBudget` between them.
 */
export const DEFAULT_MAX_STEPS = 1_000_000

export const DEFAULT_LIMITS: Readonly<PolicyLimits> = Object.freeze({
  maxDepth: DEFAULT_MAX_DEPTH,
  maxStatements: DEFAULT_MAX_STATEMENTS,
  maxPatternLength: DEFAULT_MAX_PATTERN_LENGTH,
  maxSelectorLength: DEFAULT_MAX_SELECTOR_LENGTH,
  maxSteps: DEFAULT_MAX_STEPS,
})

/**
 * Checks one limit override.
 *
 * @throws {InvalidPolicyOptionsError} if it is not a positive integer or `Infinity`.
 */
export function checkLimit(name: PolicyLimitName, value: number): number {
  if (value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value > 0)) return value
  throw new InvalidPolicyOptionsError(`limit ${name} must be a positive integer or Infinity, got ${String(value)}`)
}

/**
 * The effective limits: defaults overridden by `options.limits`.
 *
 * @throws {InvalidPolicyOptionsError} if an override is not a positive integer or `Infinity`.
 */
export function resolveLimits(options: PolicyOptions | undefined): Readonly<PolicyLimits> {
  const overrides = options?.limits
  if (overrides === undefined) return DEFAULT_LIMITS
  const limits: { -readonly [K in PolicyLimitName]: number } = { ...DEFAULT_LIMITS }
  for (const name of Object.keys(DEFAULT_LIMITS) as PolicyLimitName[]) {
    const value = overrides[name]
    if (value !== undefined) limits[name] = checkLimit(name, value)
  }
  return limits
}
