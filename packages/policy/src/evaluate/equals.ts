import type { IPLDValue } from '../interface.js'
import { isBytes, isLink, isMap } from '../ipld/kind.js'
import type { Budget } from './budget.js'

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Deep IPLD equality between a selected value and a policy literal (spec:
 * `==` is "a deep comparison" against the entire argument).
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
export function ipldEquals(actual: unknown, expected: IPLDValue, budget: Budget): boolean {
  budget.spend(1)
  switch (typeof expected) {
    case 'number':
    case 'bigint':
      // Loose equality is deliberate: it compares number and bigint by value
      // (1 == 1n) without converting either, and is false for NaN.
      return (typeof actual === 'number' || typeof actual === 'bigint') && actual == expected
    case 'string':
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
    if (!isBytes(actual)) return false
    budget.spend(expected.length >>> 6)
    return sameBytes(actual, expected)
  }
  if (isLink(expected)) return isLink(actual) && sameBytes(actual.bytes, expected.bytes)
  if (!isMap(actual)) return false
  const map = expected as { [key: string]: IPLDValue }
  let expectedKeys = 0
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue
    expectedKeys++
    if (!Object.hasOwn(actual, key) || !ipldEquals(actual[key], map[key] as IPLDValue, budget)) return false
  }
  let actualKeys = 0
  for (const key in actual) if (Object.hasOwn(actual, key)) actualKeys++
  budget.spend(actualKeys >>> 4)
  return actualKeys === expectedKeys
}
