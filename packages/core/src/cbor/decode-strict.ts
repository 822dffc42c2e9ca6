import { CID } from 'multiformats/cid'
import { MalformedCborError, NonCanonicalCborError } from '../errors.js'
import type { CapchainErrorOptions } from '../errors.js'
import { cachedAscii, MAX_CACHED_LENGTH, uncachedAscii } from './ascii-strings.js'
import { MAX_CBOR_DEPTH } from './limits.js'
import { tokenCid } from './token-cids.js'

export interface StrictDecodeOptions {
  /** Deepest nesting accepted. Default {@link MAX_CBOR_DEPTH}. */
  maxDepth?: number
  /**
   * Attached to any error raised (CID of the token, location). A function is
   * called only when an error is raised, so that a caller need not render a
   * CID string for input that decodes.
   */
  errorContext?: CapchainErrorOptions | (() => CapchainErrorOptions)
}

/**
 * Decode DAG-CBOR, accepting only the canonical encoding of the value.
 *
 * Security policy: a signature covers bytes, and the CID is the hash of
 * bytes, so two byte strings that decode to the same value must never both be
 * accepted (canonicalization attacks, see the varsig spec).
 *
 * The acceptance rule is: the bytes are one value that `@ipld/dag-cbor`
 * decodes (strict: minimal integers and lengths, definite lengths only, string
 * map keys without duplicates, only tag 42, no NaN or ±Infinity), nested at
 * most `maxDepth` non-empty arrays or maps deep, and `@ipld/dag-cbor` encodes
 * that value back to exactly the same bytes. It used to be implemented
 * literally (decode, re-encode, compare); it is now checked in the same single
 * pass that builds the value, which is several times faster. What re-encoding
 * would change, and so what is non-canonical here:
 *
 * - map keys not strictly increasing, shorter first, then bytewise (the
 *   dag-cbor key order);
 * - any 16- or 32-bit float, and a 64-bit float whose value is a safe integer
 *   (including -0): dag-cbor writes 64-bit floats, and integers as integers;
 * - `undefined` (decoded as `null`, re-encoded as `null`);
 * - a string that is not well-formed UTF-8, or starts with a byte order mark
 *   (both decode to a different string);
 * - a CID (tag 42) whose bytes are not exactly those `multiformats` writes
 *   for it (non-minimal varints in its prefix);
 * - a map with both keys `"/"` and `"bytes"` holding the same non-null
 *   primitive (or both an empty byte string): dag-cbor's encoder would take
 *   it for a CID.
 *
 * `packages/core/test/cbor-strict.test.ts` checks this decoder against the
 * literal decode-and-re-encode rule on generated and mutated inputs.
 *
 * Malformed input wins over non-canonical input, as in the literal rule: a
 * non-canonical detail is remembered and reported only once the whole input
 * has decoded.
 *
 * @throws {MalformedCborError} bytes are not one well-formed DAG-CBOR value, or nest too deeply
 * @throws {NonCanonicalCborError} bytes decode, but are not the canonical encoding
 */
export function decodeStrict(bytes: Uint8Array, options: StrictDecodeOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? MAX_CBOR_DEPTH
  let value: unknown
  let nonCanonical: string | undefined
  try {
    if (!(bytes instanceof Uint8Array)) throw new Malformed('data to decode must be a Uint8Array')
    const decoder = new StrictDecoder(bytes, maxDepth)
    if (bytes.length === 0) throw new Malformed('did not find any content to decode')
    value = decoder.item(0)
    if (decoder.pos !== bytes.length) throw new Malformed('too many terminals, data makes no sense')
    nonCanonical = decoder.nonCanonical
  } catch (cause) {
    const message = cause instanceof Malformed ? cause.message : describe(cause)
    throw new MalformedCborError(`not valid DAG-CBOR: ${message}`, { ...errorContext(options), cause })
  }
  if (nonCanonical !== undefined) {
    throw new NonCanonicalCborError(`not canonical DAG-CBOR: ${nonCanonical}`, errorContext(options))
  }
  return value
}

function errorContext(options: StrictDecodeOptions): CapchainErrorOptions | undefined {
  const context = options.errorContext
  return typeof context === 'function' ? context() : context
}

/** Internal signal for malformed input, turned into a typed error by `decodeStrict` (or by a shape reader, see `StrictDecoder.head`). */
class Malformed extends Error {}

const textDecoder = new TextDecoder()
const textEncoder = new TextEncoder()

const TWO_32 = 4294967296
const MAX_SAFE_HIGH_WORD = 0x1fffff

/** One pass over the input: builds the value, enforces depth, records the first non-canonical detail. */
export class StrictDecoder {
  readonly data: Uint8Array
  readonly maxDepth: number
  pos = 0
  nonCanonical: string | undefined = undefined
  /** Whether the last string read re-encodes to its own bytes. */
  wellFormed = true

  constructor(bytes: Uint8Array, maxDepth: number) {
    // Plain Uint8Array view (not a Buffer), so `slice` copies as it does in cborg.
    this.data = bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.maxDepth = maxDepth
  }

  flag(reason: string): void {
    this.nonCanonical ??= reason
  }

  /**
   * The bytes at `[start, end)`, as a view into the input (as cborg returned
   * them for a Buffer): no copy, and no small buffer of its own for
   * multiformats to materialize. Decoded byte strings therefore share the
   * input's memory, like the envelope's `bytes` and `signedBytes` (and so
   * may the parts of a CID other than a token CID, see `tokenCid`): input
   * handed to the decoder must not be modified afterwards.
   */
  bytes(start: number, end: number): Uint8Array {
    return this.data.subarray(start, end)
  }

  /**
   * The argument of the head at `pos` (whose first byte was read): the
   * integer value or length, minimally encoded (strict). Advances `pos`.
   * Returns a number, or a bigint above 2^53 − 1 (8-byte arguments only).
   */
  argument(minor: number): number | bigint {
    const data = this.data
    const pos = this.pos
    if (minor < 24) {
      this.pos = pos + 1
      return minor
    }
    switch (minor) {
      case 24: {
        this.need(pos + 2)
        const value = data[pos + 1]!
        if (value < 24) throw new Malformed('integer encoded in more bytes than necessary (strict decode)')
        this.pos = pos + 2
        return value
      }
      case 25: {
        this.need(pos + 3)
        const value = (data[pos + 1]! << 8) | data[pos + 2]!
        if (value < 0x100) throw new Malformed('integer encoded in more bytes than necessary (strict decode)')
        this.pos = pos + 3
        return value
      }
      case 26: {
        this.need(pos + 5)
        const value = data[pos + 1]! * 0x1000000 + ((data[pos + 2]! << 16) | (data[pos + 3]! << 8) | data[pos + 4]!)
        if (value < 0x10000) throw new Malformed('integer encoded in more bytes than necessary (strict decode)')
        this.pos = pos + 5
        return value
      }
      case 27: {
        this.need(pos + 9)
        const hi = data[pos + 1]! * 0x1000000 + ((data[pos + 2]! << 16) | (data[pos + 3]! << 8) | data[pos + 4]!)
        const lo = data[pos + 5]! * 0x1000000 + ((data[pos + 6]! << 16) | (data[pos + 7]! << 8) | data[pos + 8]!)
        if (hi === 0) throw new Malformed('integer encoded in more bytes than necessary (strict decode)')
        this.pos = pos + 9
        return hi <= MAX_SAFE_HIGH_WORD ? hi * TWO_32 + lo : (BigInt(hi) << 32n) + BigInt(lo)
      }
      case 31:
        throw new Malformed('indefinite length items not allowed')
      default:
        throw new Malformed(`invalid minor ${minor} (byte 0x${data[pos]!.toString(16).padStart(2, '0')})`)
    }
  }

  /**
   * The head at `pos`, strict, advancing past it: its major type and
   * argument. For a reader that walks a known shape item by item (a
   * container) and so never builds what it would refuse, with the same rules
   * as `item`: one CBOR reader serves both. A byte or text string's argument
   * is a length that fits the input, its content next; a simple value's or
   * float's is its minor, and only its initial byte is passed (a shape
   * reader refuses it).
   *
   * @throws {Malformed} truncated or non-minimal head, a string longer than the input, or an indefinite length
   */
  head(): { major: number; argument: number | bigint } {
    if (this.pos >= this.data.length) throw new Malformed('unexpected end of data')
    const initial = this.data[this.pos]!
    const major = initial >> 5
    const minor = initial & 31
    if (major === 7) {
      this.pos += 1
      return { major, argument: minor }
    }
    return { major, argument: major === 2 || major === 3 ? this.length(minor, 1) : this.argument(minor) }
  }

  need(end: number): void {
    if (end > this.data.length) throw new Malformed('unexpected end of data')
  }

  /** A length argument as a number that fits the remaining input (`unit` bytes at least per element). */
  length(minor: number, unit: number): number {
    const value = this.argument(minor)
    if (typeof value === 'bigint' || value * unit > this.data.length - this.pos) {
      throw new Malformed('length beyond the end of data')
    }
    return value
  }

  /**
   * One data item. `depth` is the number of non-empty arrays and maps
   * already open around it.
   */
  item(depth: number): unknown {
    const data = this.data
    const pos = this.pos
    if (pos >= data.length) throw new Malformed('unexpected end of data')
    const initial = data[pos]!
    const minor = initial & 31
    switch (initial >> 5) {
      case 0:
        return this.argument(minor)
      case 1: {
        const value = this.argument(minor)
        if (typeof value === 'bigint') return -1n - value
        const negative = -1 - value
        // cborg: an 8-byte argument of 2^53 − 1 gives -2^53, outside the safe range: a bigint.
        return negative >= Number.MIN_SAFE_INTEGER ? negative : -1n - BigInt(value)
      }
      case 2: {
        const length = this.length(minor, 1)
        const start = this.pos
        this.pos = start + length
        return this.bytes(start, start + length)
      }
      case 3: {
        const length = this.length(minor, 1)
        const start = this.pos
        this.pos = start + length
        return this.string(start, start + length)
      }
      case 4:
        return this.array(minor, depth)
      case 5:
        return this.map(minor, depth)
      case 6:
        return this.tag(minor, depth)
      default:
        return this.simple(minor)
    }
  }

  /**
   * The string at `[start, end)`, decoded as cborg does (a lenient UTF-8
   * decoder that also drops a leading byte order mark). Input that does not
   * re-encode to the same bytes is flagged, and `wellFormed` says which it was.
   */
  string(start: number, end: number): string {
    const data = this.data
    const ascii = end - start <= MAX_CACHED_LENGTH ? cachedAscii(data, start, end) : uncachedAscii(data, start, end)
    if (ascii !== undefined) {
      this.wellFormed = true
      return ascii
    }
    const text = textDecoder.decode(data.subarray(start, end))
    this.wellFormed = sameBytes(textEncoder.encode(text), data, start, end)
    if (!this.wellFormed) {
      this.flag('a string that is not well-formed UTF-8 (or starts with a byte order mark)')
    }
    return text
  }

  array(minor: number, depth: number): unknown[] {
    const count = this.length(minor, 1)
    const array: unknown[] = []
    if (count === 0) return array
    if (depth + 1 > this.maxDepth) throw new Malformed(`nesting deeper than ${this.maxDepth} levels`)
    for (let i = 0; i < count; i++) array[i] = this.item(depth + 1)
    return array
  }

  map(minor: number, depth: number): Record<string, unknown> {
    const count = this.length(minor, 2)
    const map: Record<string, unknown> = {}
    if (count === 0) return map
    if (depth + 1 > this.maxDepth) throw new Malformed(`nesting deeper than ${this.maxDepth} levels`)
    const data = this.data
    // While every key so far is well-formed and strictly increasing, no two
    // can decode to the same string, and the duplicate check can be skipped.
    let ordered = true
    let previousStart = 0
    let previousEnd = 0
    for (let i = 0; i < count; i++) {
      const head = this.pos
      if (head >= data.length) throw new Malformed('unexpected end of data')
      const initial = data[head]!
      if (initial >> 5 !== 3) throw new Malformed('non-string keys not supported')
      let start: number
      let end: number
      if (initial < 0x78) {
        // A key shorter than 24 bytes: its length is in the initial byte.
        start = head + 1
        end = start + (initial & 31)
        if (end > data.length) throw new Malformed('length beyond the end of data')
      } else {
        const length = this.length(initial & 31, 1)
        start = this.pos
        end = start + length
      }
      this.pos = end
      const key = this.string(start, end)
      if (ordered) {
        if (!this.wellFormed) {
          ordered = false
        } else if (i > 0 && compareKeys(data, previousStart, previousEnd, start, end) >= 0) {
          ordered = false
          this.flag('map keys out of order (dag-cbor sorts keys by length, then bytewise)')
        }
      }
      if (!ordered && Object.hasOwn(map, key)) throw new Malformed(`found repeat map key "${key}"`)
      previousStart = start
      previousEnd = end
      const value = this.item(depth + 1)
      if (key === '__proto__') {
        // A plain assignment would set the prototype instead of an own property (as in cborg).
        Object.defineProperty(map, key, { value, configurable: true, enumerable: true, writable: true })
      } else {
        map[key] = value
      }
    }
    if (looksLikeCid(map)) this.flag('a map that dag-cbor would encode as a CID (keys "/" and "bytes" with the same value)')
    return map
  }

  tag(minor: number, depth: number): CID {
    const number = this.argument(minor)
    if (number !== 42) throw new Malformed(`tag not supported (${String(number)})`)
    // Fast path, a token CID: 0x58 0x25 (37 bytes) 0x00, then a 36-byte CIDv1.
    const data = this.data
    const pos = this.pos
    if (pos + 39 <= data.length && data[pos] === 0x58 && data[pos + 1] === 37 && data[pos + 2] === 0x00) {
      const cid = tokenCid(data, pos + 3, pos + 39)
      if (cid !== undefined) {
        this.pos = pos + 39
        return cid
      }
    }
    const content = this.item(depth)
    if (!(content instanceof Uint8Array) || content[0] !== 0) {
      throw new Malformed('Invalid CID for CBOR tag 42; expected leading 0x00')
    }
    const cidBytes = content.subarray(1)
    const cid = tokenCid(cidBytes, 0, cidBytes.length) ?? CID.decode(cidBytes)
    if (!sameBytes(cid.bytes, cidBytes, 0, cidBytes.length)) {
      this.flag('a CID whose bytes are not its canonical encoding')
    }
    return cid
  }

  simple(minor: number): boolean | number | null {
    const data = this.data
    const pos = this.pos
    switch (minor) {
      case 20:
        this.pos = pos + 1
        return false
      case 21:
        this.pos = pos + 1
        return true
      case 22:
        this.pos = pos + 1
        return null
      case 23:
        // cborg (coerceUndefinedToNull) decodes it as null, which re-encodes as null.
        this.pos = pos + 1
        this.flag('undefined (not in the IPLD data model)')
        return null
      case 25: {
        this.need(pos + 3)
        const value = float16(data[pos + 1]!, data[pos + 2]!)
        this.pos = pos + 3
        finite(value)
        this.flag('a 16-bit float (dag-cbor floats are 64-bit)')
        return value
      }
      case 26: {
        this.need(pos + 5)
        const value = new DataView(data.buffer, data.byteOffset + pos + 1, 4).getFloat32(0, false)
        this.pos = pos + 5
        finite(value)
        this.flag('a 32-bit float (dag-cbor floats are 64-bit)')
        return value
      }
      case 27: {
        this.need(pos + 9)
        const value = new DataView(data.buffer, data.byteOffset + pos + 1, 8).getFloat64(0, false)
        this.pos = pos + 9
        finite(value)
        if (Number.isSafeInteger(value)) this.flag('a float whose value is an integer (dag-cbor encodes it as an integer)')
        return value
      }
      case 31:
        throw new Malformed('indefinite length items not allowed')
      default:
        if (minor < 20 || minor === 24) throw new Malformed('simple values are not supported')
        throw new Malformed(`invalid minor ${minor} (byte 0x${data[pos]!.toString(16).padStart(2, '0')})`)
    }
  }
}

function finite(value: number): void {
  if (Number.isNaN(value)) throw new Malformed('NaN values are not supported')
  if (value === Infinity || value === -Infinity) throw new Malformed('Infinity values are not supported')
}

/** IEEE 754 half precision, as cborg reads it. */
function float16(high: number, low: number): number {
  const half = (high << 8) | low
  if (half === 0x7c00) return Infinity
  if (half === 0xfc00) return -Infinity
  const exponent = (half >> 10) & 0x1f
  const mantissa = half & 0x3ff
  let value: number
  if (exponent === 0) value = mantissa * 2 ** -24
  else if (exponent !== 31) value = (mantissa + 1024) * 2 ** (exponent - 25)
  else value = mantissa === 0 ? Infinity : NaN
  return half & 0x8000 ? -value : value
}

/** DAG-CBOR map key order: shorter first, then bytewise. Negative when `a` sorts first. */
function compareKeys(data: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const aLength = aEnd - aStart
  const bLength = bEnd - bStart
  if (aLength !== bLength) return aLength - bLength
  for (let i = 0; i < aLength; i++) {
    const diff = data[aStart + i]! - data[bStart + i]!
    if (diff !== 0) return diff
  }
  return 0
}

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false
  return true
}

/**
 * Whether dag-cbor's encoder would take this decoded map for a CID: it does
 * when `map["/"]` is non-null and identical to `map.bytes`. cborg returns one
 * shared instance for every empty byte string, so two empty byte strings count
 * as identical.
 */
function looksLikeCid(map: Record<string, unknown>): boolean {
  if (!Object.hasOwn(map, '/') || !Object.hasOwn(map, 'bytes')) return false
  const slash = map['/']
  const bytes = map.bytes
  if (slash === null || slash === undefined) return false
  if (slash === bytes) return true
  return slash instanceof Uint8Array && bytes instanceof Uint8Array && slash.length === 0 && bytes.length === 0
}

function describe(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause)
  return message.replace(/^CBOR decode error: /, '')
}
