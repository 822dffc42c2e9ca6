import { CID } from 'multiformats/cid'
import { UnencodableValueError } from '../errors.js'

/**
 * Encode a value of the IPLD data model as canonical DAG-CBOR: the bytes
 * `@ipld/dag-cbor`'s `encode` writes for it, byte for byte, and the only
 * bytes `decodeStrict` accepts for it.
 *
 * Hand-written rather than `@ipld/dag-cbor` because that encoder is cborg's
 * general CBOR writer (about 7 KiB of a browser bundle, gzipped) while the
 * tokens, CACAOs and containers this repository writes need only the data
 * model's rules; `test/cbor-encode.property.test.ts` holds the two to the
 * same bytes and the same refusals on generated values. The rules:
 *
 * - integers in minimal form: a `number` that is a safe integer (`-0` is
 *   `0`), a `bigint` within 64 bits; any other finite `number` as a 64-bit
 *   float;
 * - map keys sorted shorter first, then bytewise, on their UTF-8 bytes;
 * - a CID (an object `CID.asCID` recognises: its `asCID` is itself, or its
 *   `"/"` is its `bytes`) as tag 42 over `0x00` and the CID's bytes;
 * - byte strings from a `Uint8Array` (a `Buffer` included), an
 *   `ArrayBuffer`, a `DataView` or any typed array (its bytes), as cborg does;
 * - a plain object (or any object cborg does not name otherwise, e.g. a
 *   class instance) as a map of its own enumerable string keys; a `Map` with
 *   non-empty string keys as a map.
 *
 * @throws {UnencodableValueError} `undefined`, `NaN`, `±Infinity`, a `bigint` beyond 64 bits, a
 *   `Map` key that is not a non-empty string, two keys with the same UTF-8 bytes, a circular
 *   reference, or a type outside the data model (function, symbol, `Date`, `Set`…)
 */
export function encodeDagCbor(value: unknown): Uint8Array {
  const writer = new Writer()
  writer.value(value, [])
  return writer.finish()
}

const textEncoder = new TextEncoder()
const TWO_32 = 4294967296
const MAX_UINT64 = 0xffffffffffffffffn

/**
 * Object types that cborg names (and so does not encode as a map): the ones
 * encoded as bytes here, and the ones it refuses. Any other object is a map.
 */
const BYTES_TYPES = new Set([
  'ArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
])
const REFUSED_TYPES = new Set([
  'RegExp',
  'Date',
  'Error',
  'Set',
  'WeakMap',
  'WeakSet',
  'SharedArrayBuffer',
  'Promise',
  'URL',
  'HTMLElement',
  'Tagged',
])

/** A growable output buffer with the CBOR writes the data model needs. */
class Writer {
  bytes = new Uint8Array(256)
  length = 0

  reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + count))
    grown.set(this.bytes.subarray(0, this.length))
    this.bytes = grown
  }

  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length)
    this.bytes.set(bytes, this.length)
    this.length += bytes.length
  }

  /** A head: major type and argument (a length or a non-negative integer below 2^64), minimal. */
  head(major: number, argument: number | bigint): void {
    const type = major << 5
    this.reserve(9)
    const out = this.bytes
    let at = this.length
    if (typeof argument === 'bigint' && argument <= BigInt(Number.MAX_SAFE_INTEGER)) argument = Number(argument)
    if (typeof argument === 'bigint') {
      out[at++] = type | 27
      for (let shift = 56n; shift >= 0n; shift -= 8n) out[at++] = Number((argument >> shift) & 0xffn)
    } else if (argument < 24) {
      out[at++] = type | argument
    } else if (argument < 0x100) {
      out[at++] = type | 24
      out[at++] = argument
    } else if (argument < 0x10000) {
      out[at++] = type | 25
      out[at++] = argument >>> 8
      out[at++] = argument & 0xff
    } else if (argument < TWO_32) {
      out[at++] = type | 26
      for (let shift = 24; shift >= 0; shift -= 8) out[at++] = (argument >>> shift) & 0xff
    } else {
      out[at++] = type | 27
      const high = Math.floor(argument / TWO_32)
      const low = argument % TWO_32
      for (let shift = 24; shift >= 0; shift -= 8) out[at++] = (high >>> shift) & 0xff
      for (let shift = 24; shift >= 0; shift -= 8) out[at++] = (low >>> shift) & 0xff
    }
    this.length = at
  }

  /** `open` holds the arrays and maps being written around `value`, to refuse a cycle. */
  value(value: unknown, open: object[]): void {
    switch (typeof value) {
      case 'number':
        return this.number(value)
      case 'bigint':
        return this.bigint(value)
      case 'string':
        return this.text(textEncoder.encode(value))
      case 'boolean':
        return this.raw(Uint8Array.of(value ? 0xf5 : 0xf4))
      case 'undefined':
        throw new UnencodableValueError('`undefined` is not in the IPLD data model')
      case 'object':
        if (value === null) return this.raw(Uint8Array.of(0xf6))
        return this.object(value, open)
      default:
        throw new UnencodableValueError(`a ${typeof value} is not in the IPLD data model`)
    }
  }

  number(value: number): void {
    if (Number.isNaN(value)) throw new UnencodableValueError('`NaN` is not in the IPLD data model')
    if (!Number.isFinite(value)) throw new UnencodableValueError('`Infinity` and `-Infinity` are not in the IPLD data model')
    if (Number.isSafeInteger(value)) {
      // `-0 >= 0`: written as the integer 0, as dag-cbor does.
      if (value >= 0) this.head(0, value)
      else this.head(1, -1 - value)
      return
    }
    this.reserve(9)
    this.bytes[this.length] = 0xfb
    new DataView(this.bytes.buffer, this.length + 1, 8).setFloat64(0, value, false)
    this.length += 9
  }

  bigint(value: bigint): void {
    const argument = value >= 0n ? value : -1n - value
    if (argument > MAX_UINT64) throw new UnencodableValueError(`the integer ${value} does not fit in 64 bits`)
    this.head(value >= 0n ? 0 : 1, argument)
  }

  text(utf8: Uint8Array): void {
    this.head(3, utf8.length)
    this.raw(utf8)
  }

  object(value: object, open: object[]): void {
    if (value instanceof Uint8Array) {
      this.head(2, value.length)
      return this.raw(value)
    }
    if (Array.isArray(value)) return this.array(value, open)
    const cid = cidOf(value)
    if (cid !== undefined) {
      this.head(6, 42)
      this.head(2, cid.bytes.length + 1)
      this.raw(Uint8Array.of(0))
      return this.raw(cid.bytes)
    }
    const type = value.constructor === Object ? 'Object' : Object.prototype.toString.call(value).slice(8, -1)
    if (BYTES_TYPES.has(type)) {
      const bytes = ArrayBuffer.isView(value)
        ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
        : new Uint8Array(value as ArrayBuffer)
      this.head(2, bytes.length)
      return this.raw(bytes)
    }
    if (REFUSED_TYPES.has(type)) throw new UnencodableValueError(`a ${type} is not in the IPLD data model`)
    if (type === 'Map') return this.map(value as Map<unknown, unknown>, open)
    const record = value as Record<string, unknown>
    this.entries(
      Object.keys(record).map((key) => [key, record[key]]),
      value,
      open,
    )
  }

  array(value: readonly unknown[], open: object[]): void {
    this.head(4, value.length)
    if (value.length === 0) return
    const inner = enter(open, value)
    for (const item of value) this.value(item, inner)
  }

  map(value: Map<unknown, unknown>, open: object[]): void {
    for (const key of value.keys()) {
      if (typeof key !== 'string' || key.length === 0) {
        throw new UnencodableValueError('a Map key that is not a non-empty string is not in the IPLD data model')
      }
    }
    this.entries([...value.entries()] as [string, unknown][], value, open)
  }

  /** A map's entries, keys in dag-cbor order (shorter UTF-8 first, then bytewise). */
  entries(entries: readonly (readonly [string, unknown])[], container: object, open: object[]): void {
    this.head(5, entries.length)
    if (entries.length === 0) return
    const inner = enter(open, container)
    const keyed = entries.map(([key, item]) => ({ key: textEncoder.encode(key), item }))
    keyed.sort((a, b) => compareKeys(a.key, b.key))
    for (let index = 0; index < keyed.length; index++) {
      const { key, item } = keyed[index]!
      if (index > 0 && compareKeys(keyed[index - 1]!.key, key) === 0) {
        throw new UnencodableValueError('two map keys with the same UTF-8 bytes')
      }
      this.text(key)
      this.value(item, inner)
    }
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length)
  }
}

/** `open` with `container` added, refusing a container already open (a cycle). */
function enter(open: object[], container: object): object[] {
  if (open.includes(container)) throw new UnencodableValueError('the value contains a circular reference')
  return [...open, container]
}

/** The CID `value` is, when dag-cbor's encoder would take it for one. */
function cidOf(value: object): CID | undefined {
  const candidate = value as { asCID?: unknown; '/'?: unknown; bytes?: unknown }
  if (candidate.asCID !== value && candidate['/'] !== candidate.bytes) return undefined
  let cid: CID | undefined
  try {
    cid = CID.asCID(value) ?? undefined
  } catch (cause) {
    // e.g. {"/": x, bytes: x} whose x is not a CID's bytes: dag-cbor fails on it too.
    throw new UnencodableValueError('an object whose "/" is its "bytes" but that is not a CID', { cause })
  }
  // `asCID` takes {"/": x, bytes: x} for a CID whatever x is; dag-cbor then fails writing bytes that are not bytes (a string, a number).
  if (cid !== undefined && !(cid.bytes instanceof Uint8Array)) throw new UnencodableValueError('an object whose "/" is its "bytes" but that is not a CID')
  return cid
}

function compareKeys(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}
