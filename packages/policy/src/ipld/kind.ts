import { CID } from 'multiformats/cid'
import type { IPLDMap, IPLDValue } from '../interface.js'

/**
 * Kind tests for IPLD values. Arguments come from a decoder we do not
 * control (or from arbitrary JS callers), so each test must answer for any
 * value at all without throwing, and must not allocate: they run in the
 * evaluation hot path.
 */

/**
 * A map is a plain object. Checking the prototype (not just `typeof`) keeps
 * CIDs, bytes, Dates, Maps and class instances from being taken for maps,
 * and means a genuine map such as `{"/": x, "bytes": x}` is never mistaken
 * for a CID the way `CID.asCID` would.
 */
export function isMap(value: unknown): value is IPLDMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array
}

/**
 * A CID from this or any other copy of multiformats. Foreign copies are
 * recognised by multiformats' own convention, `cid['/'] === cid.bytes`
 * (older releases: `cid.asCID === cid`), so we neither call `CID.asCID`,
 * which allocates for foreign instances, nor treat two copies of the library
 * as different kinds. Plain objects are maps, never links, whatever keys
 * they hold.
 */
export function isLink(value: unknown): value is CID {
  if (value instanceof CID) return true
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isMap(value)) return false
  const candidate = value as { '/'?: unknown; bytes?: unknown; asCID?: unknown }
  const bytes = candidate.bytes
  return bytes instanceof Uint8Array && (candidate['/'] === bytes || candidate.asCID === value)
}

/** A number usable in comparisons: finite numbers and bigints (IPLD has no NaN or Infinity). */
export function isPolicyNumber(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value))
}

/** The IPLD kind of a value, for messages. */
export function kindName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'list'
  if (isBytes(value)) return 'bytes'
  if (isLink(value)) return 'link'
  if (isMap(value)) return 'map'
  switch (typeof value) {
    case 'boolean':
      return 'boolean'
    case 'bigint':
      return 'integer'
    case 'number':
      return Number.isInteger(value) ? 'integer' : Number.isFinite(value) ? 'float' : 'non-IPLD number'
    case 'string':
      return 'string'
    default:
      return 'non-IPLD value'
  }
}

/**
 * The value at `key` in a map: own properties only, so `__proto__`,
 * `constructor` and friends are ordinary (absent) keys rather than a way to
 * reach the prototype. An absent key, or one holding `undefined` (which IPLD
 * cannot represent), is `undefined` here.
 */
export function lookup(map: IPLDMap, key: string): IPLDValue | undefined {
  // Read first: a missing key costs one property load instead of a call.
  const found = map[key]
  return found !== undefined && Object.hasOwn(map, key) ? found : undefined
}

/** UTF-8 length of a string, without encoding it. */
function utf8Length(text: string): number {
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) length += 1
    else if (unit < 0x800) length += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4
        i++
      } else length += 3
    } else length += 3
  }
  return length
}

/**
 * Compares keys in DAG-CBOR canonical order: shorter UTF-8 encoding first,
 * then bytewise. For equal lengths, bytewise UTF-8 order is code point order.
 */
function compareKeys(a: string, b: string): number {
  const byLength = utf8Length(a) - utf8Length(b)
  if (byLength !== 0) return byLength
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) ?? 0
    const y = b.codePointAt(j) ?? 0
    if (x !== y) return x - y
    i += x > 0xffff ? 2 : 1
    j += y > 0xffff ? 2 : 1
  }
  return 0
}

/**
 * A map's own keys in DAG-CBOR canonical order. JS objects list integer-like
 * keys first, so insertion order would make `[]` on `{"a": 1, "10": 2}`
 * depend on how the map was built; canonical order makes it the same for
 * every decoder.
 */
export function canonicalKeys(map: IPLDMap): string[] {
  return Object.keys(map).sort(compareKeys)
}
