import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'

const STD_PADDED = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const URL_UNPADDED = /^[A-Za-z0-9_-]*$/

/**
 * Decode base64 in exactly the alphabet and padding the container header
 * names; `undefined` if it is not. The decoder also refuses non-zero
 * trailing bits (a truncated body), so each body has one text form.
 */
export function decodeBase64(text: string, alphabet: 'base64' | 'base64url'): Uint8Array | undefined {
  const wellFormed = alphabet === 'base64' ? STD_PADDED.test(text) : URL_UNPADDED.test(text) && text.length % 4 !== 1
  if (!wellFormed) return undefined
  try {
    return fromString(text, alphabet === 'base64' ? 'base64pad' : 'base64url')
  } catch {
    return undefined
  }
}

export function encodeBase64(bytes: Uint8Array, alphabet: 'base64' | 'base64url'): string {
  return toString(bytes, alphabet === 'base64' ? 'base64pad' : 'base64url')
}
