import type { IPLDValue, Segment, Selector } from '../interface.js'
import { canonicalKeys, isBytes, isMap, kindName, lookup } from '../ipld/kind.js'
import { renderValue } from '../render.js'
import type { PolicyBudget } from './budget.js'

/** What a selector yields when it cannot resolve; distinct from every IPLD value, `null` included. */
export const UNRESOLVED: unique symbol = Symbol('unresolved')

export type Selected = IPLDValue | typeof UNRESOLVED

/**
 * Applies one segment. Returns `UNRESOLVED` where the spec says a selector
 * "fails to resolve"; the caller decides what `?` makes of that.
 *
 * - field: on a map, the value, or `null` for a missing key (spec,
 *   "Validation": "selecting a missing key on a map MUST return null");
 *   on anything else, unresolved.
 * - index: on a list, the element; on bytes, the byte as an integer (spec,
 *   "Selecting on Bytes"); negative counts from the end; out of range is
 *   unresolved (spec table: `.to[99]` fails to resolve). Strings are not
 *   indexable: the spec allows selecting into bytes only.
 * - slice: on a list or bytes, the range, clamped like jq and JS `slice`
 *   (out-of-range bounds shrink the result rather than fail).
 * - iterate (`[]`): the spec calls it a noop on lists and value extraction
 *   on maps; the result is a list and the following segments apply to that
 *   list (not to each element, as jq would). Map values come in DAG-CBOR
 *   canonical key order so the list is the same whoever decoded the map.
 */
function applySegment(segment: Segment, value: unknown, budget: PolicyBudget): Selected {
  switch (segment.kind) {
    case 'field': {
      if (!isMap(value)) return UNRESOLVED
      const found = lookup(value, segment.key)
      return found === undefined ? null : found
    }
    case 'index': {
      if (!Array.isArray(value) && !isBytes(value)) return UNRESOLVED
      const index = segment.index < 0 ? value.length + segment.index : segment.index
      if (index < 0 || index >= value.length) return UNRESOLVED
      const element: unknown = value[index]
      // A hole in a sparse array is no value at all.
      return element === undefined ? UNRESOLVED : (element as IPLDValue)
    }
    case 'slice': {
      if (isBytes(value)) return value.subarray(segment.start, segment.stop)
      if (!Array.isArray(value)) return UNRESOLVED
      const sliced = (value as IPLDValue[]).slice(segment.start, segment.stop)
      budget.spend(sliced.length)
      return sliced
    }
    case 'iterate': {
      if (Array.isArray(value)) return value as IPLDValue[]
      if (!isMap(value)) return UNRESOLVED
      const keys = canonicalKeys(value)
      budget.spend(sortSteps(keys.length))
      return keys.map((key) => value[key] ?? null)
    }
  }
}

/**
 * Steps charged for listing `count` map keys: a comparison sort's work, as
 * for canonical order, and as V8 does to enumerate a large (dictionary-mode)
 * object in insertion order.
 */
export function sortSteps(count: number): number {
  return count <= 1 ? count : count * Math.ceil(Math.log2(count))
}

/**
 * Resolves a selector against a value, left to right. Charges one step per
 * segment applied, plus one per element a slice copies or `[]` gathers. A segment that fails
 * ends the selection at once (spec: "MUST return early when a segment can't
 * be resolved, even if a later segment is optional"): with `?` on that
 * segment the selector yields `null`, without it `UNRESOLVED`.
 */
export function select(selector: Selector, value: unknown, budget: PolicyBudget): Selected {
  const segments = selector.segments
  let current: unknown = value
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment
    budget.spend(1)
    const next = applySegment(segment, current, budget)
    if (next === UNRESOLVED) return segment.optional ? null : UNRESOLVED
    current = next
  }
  // `undefined` is not IPLD (it can only come from a malformed argument); treat it as no value.
  return current === undefined ? UNRESOLVED : (current as IPLDValue)
}

/**
 * Joins a display path and a selector: `.files[2]` + `.size` gives
 * `.files[2].size`. Used to name values inside quantifiers in messages.
 */
export function joinSelector(base: string, selector: string): string {
  if (base === '.') return selector
  if (selector === '.') return base
  return selector.startsWith('.[') ? base + selector.slice(1) : base + selector
}

/**
 * Says why a selector did not resolve, e.g. `.to[99] did not resolve: .to
 * has 3 elements`. Runs only when explaining a failure, so it may allocate;
 * it re-applies the segments, which is charged like evaluation.
 *
 * @param base Display path of `value` relative to the arguments.
 * @throws {BudgetExhausted} `EXHAUSTED` when the budget runs out.
 */
export function describeUnresolved(selector: Selector, value: unknown, base: string, budget: PolicyBudget): string {
  const whole = joinSelector(base, selector.source)
  let current: unknown = value
  let prefix = base
  for (const segment of selector.segments) {
    budget.spend(1)
    const next = applySegment(segment, current, budget)
    if (next === UNRESOLVED) {
      const seen = `${prefix} is ${article(kindName(current))}`
      switch (segment.kind) {
        case 'field':
          return `${whole} did not resolve: ${seen}, not a map`
        case 'index':
          if (Array.isArray(current) || isBytes(current)) {
            const unit = Array.isArray(current) ? 'elements' : 'bytes'
            return `${whole} did not resolve: ${prefix} has ${current.length} ${unit}, so no index ${segment.index}`
          }
          return `${whole} did not resolve: ${seen}, not a list or bytes`
        case 'slice':
          return `${whole} did not resolve: ${seen}, not a list or bytes`
        case 'iterate':
          return `${whole} did not resolve: ${seen}, not a list or map`
      }
    }
    current = next
    prefix = joinSelector(base, selector.source.slice(0, segment.end))
  }
  return `${whole} did not resolve: ${prefix} is ${renderValue(current)}`
}

function article(kind: string): string {
  return kind === 'null' ? 'null' : /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`
}
