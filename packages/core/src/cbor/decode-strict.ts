import { decode as cborgDecode } from 'cborg'
import * as dagCbor from '@ipld/dag-cbor'
import { equals } from 'uint8arrays/equals'
import { MalformedCborError, NonCanonicalCborError } from '../errors.js'
import type { CapchainErrorOptions } from '../errors.js'
import { DepthExceeded, DepthLimitedTokenizer } from './depth-limited-tokenizer.js'
import { MAX_CBOR_DEPTH } from './limits.js'

export interface StrictDecodeOptions {
  /** Deepest nesting accepted. Default {@link MAX_CBOR_DEPTH}. */
  maxDepth?: number
  /** Attached to any error raised (CID of the token, location). */
  errorContext?: CapchainErrorOptions
}

/**
 * Decode DAG-CBOR, accepting only the canonical encoding of the value.
 *
 * Security policy: a signature covers bytes, and the CID is the hash of
 * bytes, so two byte strings that decode to the same value must never both be
 * accepted (canonicalization attacks, see the varsig spec). cborg's strict
 * mode rejects non-minimal integers, indefinite lengths and duplicate keys;
 * it does not check map key order, float width or `undefined`. Re-encoding
 * and comparing catches every remaining difference with one rule.
 *
 * @throws {MalformedCborError} bytes are not one well-formed DAG-CBOR value, or nest too deeply
 * @throws {NonCanonicalCborError} bytes decode, but are not the canonical encoding
 */
export function decodeStrict(bytes: Uint8Array, options: StrictDecodeOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? MAX_CBOR_DEPTH
  let value: unknown
  try {
    const tokenizer = new DepthLimitedTokenizer(bytes, dagCbor.decodeOptions, maxDepth)
    value = cborgDecode(bytes, { ...dagCbor.decodeOptions, tokenizer })
  } catch (cause) {
    const reason = cause instanceof DepthExceeded ? cause.message : describe(cause)
    throw new MalformedCborError(`not valid DAG-CBOR: ${reason}`, { ...options.errorContext, cause })
  }
  let canonical: Uint8Array
  try {
    canonical = dagCbor.encode(value)
  } catch (cause) {
    throw new NonCanonicalCborError(`decodes to a value DAG-CBOR cannot encode: ${describe(cause)}`, {
      ...options.errorContext,
      cause,
    })
  }
  if (!equals(canonical, bytes)) {
    throw new NonCanonicalCborError(
      'not canonical DAG-CBOR (map key order, integer or float width, or length encoding differs from the canonical form)',
      options.errorContext,
    )
  }
  return value
}

function describe(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause)
  return message.replace(/^CBOR decode error: /, '')
}
