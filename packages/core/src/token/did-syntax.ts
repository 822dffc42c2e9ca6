import type { DID } from '../principal/interface.js'

/** Longest DID accepted in a token field; did:key and did:pkh are far shorter. */
export const MAX_DID_LENGTH = 2048

// W3C DID syntax: "did:" method ":" method-specific-id, idchar = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded.
const DID_PATTERN = /^did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*(?::(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})*)*$/

/**
 * DIDs recently found valid. Tokens name the same few principals over and
 * over, and the strict decoder returns a repeated short string as the same
 * string object, so a hit costs a lookup instead of a match. Bounded: only
 * DIDs up to `MAX_CACHED_DID_LENGTH` characters are kept, and the set is
 * emptied when it holds `MAX_CACHED_DIDS`.
 */
const validDids = new Set<string>()
const MAX_CACHED_DIDS = 256
const MAX_CACHED_DID_LENGTH = 128

/** Whether `value` is a syntactically valid DID (method-specific checks happen when a key is needed). */
export function isDid(value: unknown): value is DID {
  if (typeof value !== 'string') return false
  if (validDids.has(value)) return true
  if (value.length > MAX_DID_LENGTH || !DID_PATTERN.test(value) || value.endsWith(':')) return false
  if (value.length <= MAX_CACHED_DID_LENGTH) {
    if (validDids.size >= MAX_CACHED_DIDS) validDids.clear()
    validDids.add(value)
  }
  return true
}
