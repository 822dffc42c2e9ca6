import type { IPLDValue } from '@capchain/core/token'

/**
 * IPLD equality over the values an args view holds (strings, booleans,
 * bytes, lists, maps). Hand-written because core does not export its
 * encoder; a value of any other kind (a number, null, a link) never equals,
 * since no view contains one.
 */
export function sameView(a: IPLDValue | undefined, b: IPLDValue | undefined): boolean {
  if (typeof a === 'string' || typeof a === 'boolean') return a === b
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.length === b.length && a.every((byte, i) => byte === b[i])
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameView(item, b[i]))
  if (!isMap(a) || !isMap(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameView(a[key], b[key]))
}

function isMap(value: IPLDValue | undefined): value is { [key: string]: IPLDValue } {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}
