import type { DID } from '../principal/interface.js'

/** Longest DID accepted in a token field; did:key and did:pkh are far shorter. */
export const MAX_DID_LENGTH = 2048

const COLON = 0x3a
const PERCENT = 0x25

/**
 * Whether `value` is a syntactically valid DID (method-specific checks happen when a key is needed).
 *
 * W3C DID syntax: `did:` method `:` method-specific-id, where the method is
 * `[a-z0-9]+` and the method-specific id is `:`-separated runs of idchar
 * (`ALPHA / DIGIT / "." / "-" / "_"`) or pct-encoded (`%` two hex digits),
 * not ending with `:`. Checked by one scan rather than a regular expression:
 * three DIDs are checked per token, and the scan accepts exactly the same
 * strings (`test/did-syntax.test.ts` compares the two).
 */
export function isDid(value: unknown): value is DID {
  if (typeof value !== 'string' || value.length > MAX_DID_LENGTH || !value.startsWith('did:')) return false
  const length = value.length
  let i = 4
  while (i < length && isMethodChar(value.charCodeAt(i))) i++
  if (i === 4 || i === length || value.charCodeAt(i) !== COLON) return false
  // The method-specific id: idchars, pct-encodings and colons, not ending with a colon.
  for (i++; i < length; i++) {
    const code = value.charCodeAt(i)
    if (code === PERCENT) {
      if (!isHexDigit(value.charCodeAt(i + 1)) || !isHexDigit(value.charCodeAt(i + 2))) return false
      i += 2
    } else if (code !== COLON && !isIdChar(code)) {
      return false
    }
  }
  return value.charCodeAt(length - 1) !== COLON
}

function isMethodChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)
}

function isIdChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2e ||
    code === 0x2d ||
    code === 0x5f
  )
}

/** `NaN` (past the end of the string) is not a hex digit. */
function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66)
}
