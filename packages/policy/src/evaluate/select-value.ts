import type { IPLDValue, PolicyOptions, Selector } from '../interface.js'
import { resolveLimits } from '../limits.js'
import { parseSelectorAt } from '../parse/selector.js'
import { PolicyBudget } from './budget.js'
import { UNRESOLVED, select } from './select.js'

/**
 * Resolves a selector against a value exactly as policy evaluation does:
 * `undefined` if it does not resolve, `null` for a missing map key or a
 * failed optional segment. For tools that want to show what a policy sees.
 *
 * @throws {InvalidPolicyError} if `selector` is a malformed string.
 * @throws {PolicyLimitError} if `selector` is longer than the `maxSelectorLength` limit.
 */
export function selectValue(selector: Selector | string, value: IPLDValue, options?: PolicyOptions): IPLDValue | undefined {
  const parsed = typeof selector === 'string' ? parseSelectorAt(selector, undefined, resolveLimits(options)) : selector
  const selected = select(parsed, value, new PolicyBudget(Number.POSITIVE_INFINITY))
  return selected === UNRESOLVED ? undefined : selected
}
