import type { IPLDValue } from '../interface.js'
import { isBytes, isLink, isMap } from '../ipld/kind.js'
import type { PolicyBudget } from './budget.js'
import { sortSteps } from './select.js'

/** Compares bytewise, charging one step per byte read. */
function sameBytes(a: Uint8Array, b: Uint8Array, budget: PolicyBudget): boolean {
  if (a.length !== b.length) return false
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  budget.spend(i)
  return i === a.length
}

/**
 * Deep IPLD equality between a selected value and a policy literal (spec:
 * `==` is "a deep comparison" against the entire argument). Charges one
 * step per value node, plus one per character or byte compared, and the
 * work of listing map keys (`sortSteps`).
 *
 * - Numbers compare by mathematical value across `number` and `bigint`,
 *   so an integer equals the float with the same value (spec: `1 == 1.0`;
 *   dag-cbor already decodes `1.0` to the JS number 1).
 * - Bytes compare bytewise; links by their binary CID; neither equals a
 *   string or list with the same content.
 * - Maps compare by key set and values; key order is irrelevant.
 *
 * `expected` is trusted (checked at parse time, depth bounded), so the
 * recursion is bounded by the literal; `actual` may be anything at all.
 */
export function ipldEquals(actual: unknown, expected: IPLDValue, budget: PolicyBudget): boolean {
  budget.spend(1)
  switch (typeof expected) {
    case 'number':
    case 'bigint':
      // Loose equality is deliberate: it compares number and bigint by value
      // (1 == 1n) without converting either, and is false for NaN.
      return (typeof actual === 'number' || typeof actual === 'bigint') && actual == expected
    case 'string':
      // Strings of different lengths are told apart without reading them.
      if (typeof actual === 'string' && actual.length === expected.length) budget.spend(expected.length)
      return actual === expected
    case 'boolean':
      return actual === expected
    default:
      break
  }
  if (expected === null) return actual === null
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false
    for (let i = 0; i < expected.length; i++) {
      if (!ipldEquals(actual[i], expected[i] as IPLDValue, budget)) return false
    }
    return true
  }
  if (isBytes(expected)) {
    return isBytes(actual) && sameBytes(actual, expected, budget)
  }
  if (isLink(expected)) return isLink(actual) && sameBytes(actual.bytes, expected.bytes, budget)
  if (!isMap(actual)) return false
  const map = expected as { [key: string]: IPLDValue }
  const keys = literalKeys(map, budget)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string
    if (!Object.hasOwn(actual, key) || !ipldEquals(actual[key], map[key] as IPLDValue, budget)) return false
  }
  let actualKeys = 0
  for (const key in actual) if (Object.hasOwn(actual, key)) actualKeys++
  budget.spend(sortSteps(actualKeys))
  return actualKeys === keys.length
}

/**
 * The keys of a map literal, listed once per literal: enumerating an
 * object's keys reads (and, for a large map, sorts) all of them even when
 * the first one decides, so a literal compared once per element of a
 * quantifier must not be enumerated each time. Literals are part of a
 * parsed policy and never change.
 */
const LITERAL_KEYS = new WeakMap<object, readonly string[]>()

function literalKeys(map: { [key: string]: IPLDValue }, budget: PolicyBudget): readonly string[] {
  let keys = LITERAL_KEYS.get(map)
  if (keys === undefined) {
    keys = Object.keys(map)
    budget.spend(sortSteps(keys.length))
    LITERAL_KEYS.set(map, keys)
  }
  return keys
}
