// The two codecs alone: `uint8arrays/*-string` would bundle every multibase.
import { base64pad, base64url } from 'multiformats/bases/base64'

const STD_PADDED = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const URL_UNPADDED = /^[A-Za-z0-9_-]*$/

interface NodeBuffer {
  readonly buffer: ArrayBufferLike
  readonly byteOffset: number
  readonly byteLength: number
  toString(encoding: string): string
}
/** Node.js's `Buffer`, when present: its native base64 codec is several times faster than the portable one (one per request header). */
const NativeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: string): NodeBuffer } }).Buffer

/**
 * Decode base64 in exactly the alphabet and padding the container header
 * names; `undefined` if it is not. Non-zero trailing bits (a truncated
 * body) are refused too, so each body has one text form.
 */
export function decodeBase64(text: string, alphabet: 'base64' | 'base64url'): Uint8Array | undefined {
  const wellFormed = alphabet === 'base64' ? STD_PADDED.test(text) : URL_UNPADDED.test(text) && text.length % 4 !== 1
  if (!wellFormed) return undefined
  if (NativeBuffer !== undefined) return decodeNative(NativeBuffer, text, alphabet)
  try {
    return (alphabet === 'base64' ? base64pad : base64url).baseDecode(text)
  } catch {
    return undefined
  }
}

/**
 * `Buffer` decodes leniently: it ignores non-zero trailing bits, which would
 * give one body several texts. Those bits are in the last data character
 * only, so checking it keeps the one-form rule of the portable decoder
 * without re-encoding the whole header (a copy of it per request). The
 * alphabet and padding were checked by the caller. Returned as a plain
 * `Uint8Array` view.
 */
function decodeNative(buffer: NonNullable<typeof NativeBuffer>, text: string, alphabet: 'base64' | 'base64url'): Uint8Array | undefined {
  if (!zeroTrailingBits(text)) return undefined
  const bytes = buffer.from(text, alphabet)
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The low bits the last data character carries beyond the last whole byte, by the count of data characters mod 4. */
const UNUSED_BITS_MASK = [0, 0, 0b1111, 0b11] as const

/** Whether the bits after the last whole byte are zero, in well-formed base64 or base64url text (padded or not). */
function zeroTrailingBits(text: string): boolean {
  let end = text.length
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end-- // '='
  const mask = UNUSED_BITS_MASK[end % 4]!
  return mask === 0 || (sextet(text.charCodeAt(end - 1)) & mask) === 0
}

/** The 6-bit value of a base64 or base64url character (already checked to be one). */
function sextet(code: number): number {
  if (code >= 0x61) return code - 0x61 + 26 // a-z
  if (code === 0x5f || code === 0x2f) return 63 // _ /
  if (code >= 0x41) return code - 0x41 // A-Z
  if (code >= 0x30) return code - 0x30 + 52 // 0-9
  return 62 // - +
}

export function encodeBase64(bytes: Uint8Array, alphabet: 'base64' | 'base64url'): string {
  return (alphabet === 'base64' ? base64pad : base64url).baseEncode(bytes)
}
