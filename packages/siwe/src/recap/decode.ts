import canonicalize from 'canonicalize'
import { base64url } from 'multiformats/bases/base64'
import { InvalidRecapError } from '../errors.js'
import { RECAP_URI_PREFIX, type Recap } from './interface.js'
import { checkRecap } from './shape.js'

const BASE64URL = /^[A-Za-z0-9_-]+$/
// ignoreBOM keeps a leading U+FEFF in the text, where JSON.parse refuses it, instead of silently dropping it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decode a ReCap URI. Only the one encoding {@link encodeRecap} produces is
 * accepted: lowercase `urn:recap:`, unpadded base64url with zero trailing
 * bits, UTF-8, and JSON byte-identical to its RFC 8785 canonical form (so no
 * whitespace, unsorted or duplicate keys, or alternative number or string
 * spellings). Two texts for one capability would let a signed message and
 * what a verifier decodes drift apart.
 * @throws {InvalidRecapError} if `uri` is not a canonical ReCap URI of a valid ReCap Details Object.
 */
export function decodeRecap(uri: string): Recap {
  if (typeof uri !== 'string' || !uri.startsWith(RECAP_URI_PREFIX)) {
    throw new InvalidRecapError(`a ReCap URI starts with "${RECAP_URI_PREFIX}"`, { at: 'uri' })
  }
  const payload = uri.slice(RECAP_URI_PREFIX.length)
  if (!BASE64URL.test(payload) || payload.length % 4 === 1) {
    throw new InvalidRecapError('ReCap payload is not unpadded base64url', { at: 'uri' })
  }
  let bytes: Uint8Array
  try {
    bytes = base64url.baseDecode(payload)
  } catch (cause) {
    throw new InvalidRecapError('ReCap payload is not base64url', { at: 'uri', cause })
  }
  // A final character with non-zero unused bits decodes to the same bytes as its canonical twin.
  if (base64url.baseEncode(bytes) !== payload) {
    throw new InvalidRecapError('ReCap payload is not canonical base64url (non-zero trailing bits)', { at: 'uri' })
  }
  let json: string
  let parsed: unknown
  try {
    json = decoder.decode(bytes)
    parsed = JSON.parse(json)
  } catch (cause) {
    throw new InvalidRecapError('ReCap payload is not UTF-8 JSON', { at: 'uri', cause })
  }
  const recap = checkRecap(parsed)
  if (canonicalize(recap) !== json) {
    const why = 'key order, whitespace, duplicate keys or number/string spelling'
    throw new InvalidRecapError(`ReCap JSON is not in RFC 8785 canonical form (${why})`, { at: 'uri' })
  }
  return recap
}
