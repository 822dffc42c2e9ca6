import type { IPLDValue, LeafStatement, Statement } from '../interface.js'
import { canonicalKeys, isMap, isPolicyNumber } from '../ipld/kind.js'
import { RENDER_STATEMENT_LENGTH, renderValue } from '../render.js'
import { EXHAUSTED } from './budget.js'
import type { PolicyBudget } from './budget.js'
import { evaluateStatement } from './statement.js'
import { UNRESOLVED, describeUnresolved, joinSelector, select, sortSteps } from './select.js'

/** Why one statement is false: the innermost statement responsible and what its selector saw. */
export interface Explanation {
  readonly at: string
  readonly selector?: string
  readonly value?: IPLDValue
  /** The part after "failed: ", e.g. `.size was 3145728`. */
  readonly detail: string
}

function isLeaf(statement: Statement): statement is LeafStatement {
  return 'selector' in statement && statement.op !== 'all' && statement.op !== 'any'
}

function explainLeaf(statement: LeafStatement, value: unknown, at: string, base: string, budget: PolicyBudget): Explanation {
  const selector = joinSelector(base, statement.selector.source)
  const selected = select(statement.selector, value, budget)
  if (selected === UNRESOLVED) return { at, selector, detail: describeUnresolved(statement.selector, value, base, budget) }
  const seen = `${selector} was ${renderValue(selected)}`
  switch (statement.op) {
    case '==':
    case '!=':
      return { at, selector, value: selected, detail: seen }
    case 'like':
      return { at, selector, value: selected, detail: typeof selected === 'string' ? seen : `${seen}, not a string` }
    default:
      return { at, selector, value: selected, detail: isPolicyNumber(selected) ? seen : `${seen}, not a number` }
  }
}

/**
 * Explains a statement known to be false for `value`. Re-evaluates
 * sub-statements with the same evaluator to find the culprit, so the
 * explanation can never disagree with the verdict.
 *
 * @param base Display path of `value` relative to the arguments (`.` at the top).
 * @throws {BudgetExhausted} `EXHAUSTED` if `budget` runs out.
 */
function explain(statement: Statement, value: unknown, at: string, base: string, budget: PolicyBudget): Explanation {
  switch (statement.op) {
    case 'and': {
      const statements = statement.statements
      for (let i = 0; i < statements.length; i++) {
        const child = statements[i] as Statement
        if (!evaluateStatement(child, value, budget)) return explain(child, value, `${at}[1][${i}]`, base, budget)
      }
      break
    }
    case 'or': {
      const [only] = statement.statements
      if (statement.statements.length === 1 && only !== undefined) return explain(only, value, `${at}[1][0]`, base, budget)
      return { at, detail: `none of its ${statement.statements.length} alternatives held` }
    }
    case 'not': {
      const inner = statement.statement
      if (!isLeaf(inner)) return { at, detail: 'the negated statement held' }
      // The inner statement held, so its selector resolved.
      const { selector, value: seen, detail } = explainLeaf(inner, value, at, base, budget)
      return { at, selector, value: seen, detail: `${detail}, and ${renderValue(inner.ipld)} must not hold` }
    }
    case 'all':
    case 'any': {
      const selector = joinSelector(base, statement.selector.source)
      const collection = select(statement.selector, value, budget)
      if (collection === UNRESOLVED) return { at, selector, detail: describeUnresolved(statement.selector, value, base, budget) }
      if (!Array.isArray(collection) && !isMap(collection)) {
        return { at, selector, value: collection, detail: `${selector} was ${renderValue(collection)}, not a list or map` }
      }
      if (statement.op === 'any') {
        const inner = renderValue(statement.statement.ipld)
        return { at, selector, value: collection, detail: `no element of ${selector} satisfies ${inner}` }
      }
      const inner = statement.statement
      if (Array.isArray(collection)) {
        for (let i = 0; i < collection.length; i++) {
          const element = collection[i]
          if (!evaluateStatement(inner, element, budget)) {
            return explain(inner, element, `${at}[2]`, joinSelector(selector, `.[${i}]`), budget)
          }
        }
      } else {
        const keys = canonicalKeys(collection)
        budget.spend(sortSteps(keys.length))
        for (const key of keys) {
          const element = collection[key] ?? null
          if (!evaluateStatement(inner, element, budget)) {
            return explain(inner, element, `${at}[2]`, joinSelector(selector, `.[${JSON.stringify(key)}]`), budget)
          }
        }
      }
      break
    }
    default:
      return explainLeaf(statement, value, at, base, budget)
  }
  // Only reached if the statement was in fact true, which the caller rules out.
  return { at, detail: 'the statement did not hold' }
}

/**
 * Explains why a top-level statement is false for `args`, spending from the
 * budget its evaluation used (explaining re-walks part of what evaluation
 * did, so a denial still costs at most the budget). If the budget runs out
 * the explanation is generic rather than missing.
 */
export function explainStatement(statement: Statement, args: unknown, at: string, budget: PolicyBudget): Explanation {
  try {
    return explain(statement, args, at, '.', budget)
  } catch (error) {
    if (error !== EXHAUSTED) throw error
    return { at, detail: 'the statement did not hold (too costly to explain in detail)' }
  }
}

/** Renders a statement for `PolicyFailure.rendered`. */
export function renderStatement(statement: Statement): string {
  return renderValue(statement.ipld, RENDER_STATEMENT_LENGTH)
}
