import type { DID } from '../principal/interface.js'

/** Longest DID accepted in a token field; did:key and did:pkh are far shorter. */
export const MAX_DID_LENGTH = 2048

// W3C DID syntax: "did:" method ":" method-specific-id, idchar = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded.
const DID_PATTERN = /^did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*(?::(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*)*$/

/** Whether `value` is a syntactically valid DID (method-specific checks happen when a key is needed). */
export function isDid(value: unknown): value is DID {
  return (
    typeof value === 'string' &&
    value.length <= MAX_DID_LENGTH &&
    DID_PATTERN.test(value) &&
    !value.endsWith(':')
  )
}
