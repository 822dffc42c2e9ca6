import canonicalize from 'canonicalize'
import { base64url } from 'multiformats/bases/base64'
import { RECAP_URI_PREFIX, type Recap } from './interface.js'
import { checkRecap } from './shape.js'

const encoder = new TextEncoder()

/**
 * The ReCap URI of `recap`: `urn:recap:` + unpadded base64url of its RFC 8785
 * (JCS) canonical JSON. Canonical JSON sorts object keys by UTF-16 code unit,
 * which is the order EIP-5573 asks for ("the same as Array.sort()"), so the
 * key order of the input object does not matter.
 * @throws {InvalidRecapError} if `recap` is not a valid ReCap Details Object.
 */
export function encodeRecap(recap: Recap): string {
  // checkRecap has ruled out every value canonicalize cannot encode.
  const json = canonicalize(checkRecap(recap)) as string
  return `${RECAP_URI_PREFIX}${base64url.baseEncode(encoder.encode(json))}`
}
