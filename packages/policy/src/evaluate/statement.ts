import type { IPLDValue, QuantifierStatement, Statement } from '../interface.js'
import { isMap, isPolicyNumber } from '../ipld/kind.js'
import type { PolicyBudget } from './budget.js'
import { ipldEquals } from './equals.js'
import { matchPattern } from './like.js'
import { UNRESOLVED, select, sortSteps } from './select.js'

/**
 * Quantifies over a collection: every (`all`) or some (`any`) element
 * satisfies the inner statement. Maps contribute their values (spec,
 * "Quantification"); anything else makes the statement false.
 *
 * Each element visited is charged through its statement (one step at
 * least), so a quantifier costs what it walks.
 *
 * Empty collections are true for both. For `all` that is the usual vacuous
 * truth. For `any` it follows the spec's definition: "`any` extends `or`
 * over collections", its worked example reduces `any` to an `or` of the
 * elements, and an empty `or` "MUST be treated as true" (the public vectors
 * check `["or", []]` holds). A policy that needs a non-empty list says so,
 * e.g. `["!=", ".to", []]`.
 */
function quantify(statement: QuantifierStatement, value: unknown, budget: PolicyBudget): boolean {
  const collection = select(statement.selector, value, budget)
  const inner = statement.statement
  const wantAll = statement.op === 'all'
  if (Array.isArray(collection)) {
    if (collection.length === 0) return true
    for (let i = 0; i < collection.length; i++) {
      if (evaluateStatement(inner, collection[i], budget) !== wantAll) return !wantAll
    }
    return wantAll
  }
  if (!isMap(collection)) return false
  // Listing a map's keys reads (and, for a large map, sorts) all of them, even when its first element decides.
  const keys = Object.keys(collection)
  budget.spend(sortSteps(keys.length))
  if (keys.length === 0) return true
  for (let i = 0; i < keys.length; i++) {
    const element: IPLDValue = collection[keys[i] as string] ?? null
    if (evaluateStatement(inner, element, budget) !== wantAll) return !wantAll
  }
  return wantAll
}

/**
 * Evaluates one statement against a value; the hot path, so it allocates
 * nothing beyond what selector slices, `[]` and quantifiers on maps must
 * build. Charges one step for the statement, then what its parts do.
 *
 * A selector that does not resolve makes its own statement false (spec,
 * "Validation": "the associated statement MUST return false"). That rule is
 * applied to `!=` too, which makes `!=` fail closed: `["!=", ".a.b", 1]` is
 * false when `.a` is a string, while `["not", ["==", ".a.b", 1]]` is true
 * (the `==` is false and `not` inverts it). The spec's remark that `!=` "is
 * equivalent to" the negated `==` holds whenever the selector resolves.
 *
 * @throws {BudgetExhausted} `EXHAUSTED` when the budget runs out; callers catch it.
 */
export function evaluateStatement(statement: Statement, value: unknown, budget: PolicyBudget): boolean {
  budget.spend(1)
  switch (statement.op) {
    case '==': {
      const selected = select(statement.selector, value, budget)
      return selected !== UNRESOLVED && ipldEquals(selected, statement.value, budget)
    }
    case '!=': {
      const selected = select(statement.selector, value, budget)
      return selected !== UNRESOLVED && !ipldEquals(selected, statement.value, budget)
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      // Relational operators compare number and bigint by exact value, so
      // 2^53 + 1 (a bigint) is correctly greater than 2^53 (a number).
      // Non-numbers are false, never an error (spec, "Comparisons").
      const selected = select(statement.selector, value, budget)
      if (!isPolicyNumber(selected)) return false
      const limit = statement.value
      switch (statement.op) {
        case '<':
          return selected < limit
        case '<=':
          return selected <= limit
        case '>':
          return selected > limit
        default:
          return selected >= limit
      }
    }
    case 'like': {
      const selected = select(statement.selector, value, budget)
      return typeof selected === 'string' && matchPattern(statement.pattern, selected, budget)
    }
    case 'and': {
      // Empty `and` is true (spec, "And": "An empty array MUST be treated as true").
      const statements = statement.statements
      for (let i = 0; i < statements.length; i++) {
        if (!evaluateStatement(statements[i] as Statement, value, budget)) return false
      }
      return true
    }
    case 'or': {
      // Empty `or` is true too (spec, "Or": "An empty array MUST be treated
      // as true"; the public vectors include `["or", []]` as valid), unlike
      // the usual logical convention.
      const statements = statement.statements
      if (statements.length === 0) return true
      for (let i = 0; i < statements.length; i++) {
        if (evaluateStatement(statements[i] as Statement, value, budget)) return true
      }
      return false
    }
    case 'not':
      return !evaluateStatement(statement.statement, value, budget)
    case 'all':
    case 'any':
      return quantify(statement, value, budget)
  }
}
