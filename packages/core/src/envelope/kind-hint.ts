import { encodeDagCbor } from '../cbor/encode.js'
import type { TokenKind } from '../token/interface.js'
import { ACCEPTED_TAGS } from './tag.js'

/** The canonical head of the envelope, `[signature, signed]`: an array of 2. */
const ARRAY_OF_2 = 0x82
const BYTES_MAJOR = 2

/**
 * How the signed payload starts, `{h: `: the head of a map of 2, then the
 * key `h`, which dag-cbor's key order puts first (shorter keys sort first).
 */
const SIGNED_PREFIX = Uint8Array.of(0xa2, ...encodeDagCbor('h'))

/** Each accepted tag as the CBOR text string a canonical envelope holds, with the kind it names. */
const TAG_KEYS: ReadonlyArray<readonly [Uint8Array, TokenKind]> = [...ACCEPTED_TAGS].map(
  ([tag, parsed]) => [encodeDagCbor(tag), parsed.kind] as const,
)

/**
 * The kind a token's bytes name, read from its payload tag without decoding
 * it: only the CBOR heads up to the tag key are read, and nothing is allocated.
 *
 * Only a hint: the bytes are not validated, and a hint says nothing about
 * whether they decode. A caller holding several tokens (a container's) uses
 * it to pick the one to decode as the invocation, and then decodes that one
 * strictly (`decodeInvocation`), which is what decides. Every token
 * `decodeToken` accepts gets its kind; bytes that do not start as an
 * envelope with an accepted tag get `undefined`. Never throws.
 */
export function tokenKindHint(bytes: Uint8Array): TokenKind | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes[0] !== ARRAY_OF_2) return undefined
  const signed = afterByteString(bytes, 1)
  if (signed < 0 || !holdsAt(bytes, signed, SIGNED_PREFIX)) return undefined
  const tag = afterByteString(bytes, signed + SIGNED_PREFIX.length)
  if (tag < 0) return undefined
  for (const [key, kind] of TAG_KEYS) {
    if (holdsAt(bytes, tag, key)) return kind
  }
  return undefined
}

/**
 * Where the byte string whose head is at `pos` ends, or -1 when no byte
 * string fits there. Lengths of up to 4 bytes are read (tokens are far
 * smaller than 4 GiB); minimality is not checked, a strict decode does that.
 */
function afterByteString(bytes: Uint8Array, pos: number): number {
  if (pos >= bytes.length) return -1
  const initial = bytes[pos]!
  if (initial >> 5 !== BYTES_MAJOR) return -1
  const minor = initial & 31
  const argumentBytes = minor < 24 ? 0 : minor === 24 ? 1 : minor === 25 ? 2 : minor === 26 ? 4 : -1
  if (argumentBytes < 0 || pos + 1 + argumentBytes > bytes.length) return -1
  let length = argumentBytes === 0 ? minor : 0
  for (let i = 1; i <= argumentBytes; i++) length = length * 256 + bytes[pos + i]!
  const end = pos + 1 + argumentBytes + length
  return end <= bytes.length ? end : -1
}

/** Whether `bytes` holds `expected` at `pos`. */
function holdsAt(bytes: Uint8Array, pos: number, expected: Uint8Array): boolean {
  if (pos + expected.length > bytes.length) return false
  for (let i = 0; i < expected.length; i++) {
    if (bytes[pos + i] !== expected[i]) return false
  }
  return true
}
