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
 * `Buffer` decodes leniently (it ignores trailing bits), so the result is
 * re-encoded and must give back `text` exactly: the same one-form rule as
 * the portable decoder. Returned as a plain `Uint8Array` view.
 */
function decodeNative(buffer: NonNullable<typeof NativeBuffer>, text: string, alphabet: 'base64' | 'base64url'): Uint8Array | undefined {
  const bytes = buffer.from(text, alphabet)
  if (bytes.toString(alphabet) !== text) return undefined
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

export function encodeBase64(bytes: Uint8Array, alphabet: 'base64' | 'base64url'): string {
  return (alphabet === 'base64' ? base64pad : base64url).baseEncode(bytes)
}
