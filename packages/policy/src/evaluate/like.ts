import type { Pattern, PatternFragment } from '../interface.js'
import type { PolicyBudget } from './budget.js'

/**
 * First occurrence of `fragment` in `text[from, to)`, by Knuth–Morris–Pratt;
 * returns the offset just past it, or -1. Never backtracks in `text`, so the
 * characters it reads are `[from, the returned offset)` (all of them up to
 * `to` when not found), and the table fallbacks are amortized within that.
 */
function search(text: string, from: number, to: number, fragment: PatternFragment): number {
  const needle = fragment.text
  const table = fragment.table
  let matched = 0
  for (let i = from; i < to; i++) {
    const unit = text.charCodeAt(i)
    while (matched > 0 && unit !== needle.charCodeAt(matched)) matched = table[matched - 1] ?? 0
    if (unit === needle.charCodeAt(matched)) matched++
    if (matched === needle.length) return i + 1
  }
  return -1
}

/**
 * Glob match with `*` as "zero or more characters". The pattern is
 * `prefix * m1 * m2 * … * suffix`; the subject must start with `prefix`, end
 * with `suffix`, and contain `m1, m2, …` in order, without overlap, in
 * between. Taking the leftmost occurrence of each fragment is always
 * optimal, so one left-to-right pass decides: O(subject + pattern), with no
 * backtracking for a hostile pattern to exploit.
 *
 * Charges one step per character compared or scanned, as it goes: a
 * subject is paid for each time a statement reads it, not once per statement.
 *
 * @throws {BudgetExhausted} `EXHAUSTED` when the budget runs out.
 */
export function matchPattern(pattern: Pattern, text: string, budget: PolicyBudget): boolean {
  const { prefix, suffix, middle } = pattern
  if (!pattern.wildcard) {
    // Strings of different lengths are told apart without reading them.
    budget.spend(1 + (text.length === prefix.length ? text.length : 0))
    return text === prefix
  }
  budget.spend(1 + prefix.length + suffix.length)
  if (text.length < prefix.length + suffix.length) return false
  if (!text.startsWith(prefix) || !text.endsWith(suffix)) return false
  const to = text.length - suffix.length
  let from = prefix.length
  for (let i = 0; i < middle.length; i++) {
    const found = search(text, from, to, middle[i] as PatternFragment)
    budget.spend(1 + (found < 0 ? to : found) - from)
    if (found < 0) return false
    from = found
  }
  return true
}
