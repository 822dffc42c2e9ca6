import { encodeDagCbor } from '../cbor/encode.js'
import { encodeBase64 } from './base64.js'
import { canonicalTokenOrder } from './decode.js'
import { CONTAINER_KEY, variantByFormat } from './format.js'
import type { ContainerFormat } from './format.js'
import { requireGzip } from './gzip-support.js'

const encoder = new TextEncoder()

export interface ContainerEncodeOptions {
  /**
   * `bytewise` (default): sorted and deduplicated, the deterministic order the
   * spec asks writers for. `as-given`: the caller's order, to reproduce a
   * container byte for byte (other writers, go-ucan among them, do not sort).
   */
  order?: 'bytewise' | 'as-given'
}

/**
 * Write tokens into a UCAN container v0.1. The base64 variants come back as
 * their ASCII bytes; use {@link encodeContainerString} for text. Default
 * format `base64url`, the one that fits an HTTP header unescaped.
 *
 * @throws {UnsupportedContainerError} a gzip format when gzip is not registered (only through
 *   `@capchain/core/lean`; every default entry registers it)
 */
export function encodeContainer(
  tokens: readonly Uint8Array[],
  format: ContainerFormat = 'base64url',
  options: ContainerEncodeOptions = {},
): Uint8Array {
  const variant = variantByFormat(format)
  const ordered = options.order === 'as-given' ? [...tokens] : canonicalTokenOrder(tokens)
  let body: Uint8Array = encodeDagCbor({ [CONTAINER_KEY]: ordered })
  if (variant.gzip) body = requireGzip().gzip(body)
  if (variant.base !== 'raw') body = encoder.encode(encodeBase64(body, variant.base))
  const out = new Uint8Array(body.length + 1)
  out[0] = variant.header
  out.set(body, 1)
  return out
}

/**
 * The text form of a base64 container variant, e.g. for an HTTP header.
 *
 * @throws {TypeError} for a raw-bytes format, which has no text form
 * @throws {UnsupportedContainerError} a gzip format when gzip is not registered
 */
export function encodeContainerString(
  tokens: readonly Uint8Array[],
  format: Exclude<ContainerFormat, 'raw' | 'raw+gzip'> = 'base64url',
): string {
  return new TextDecoder().decode(encodeContainer(tokens, format))
}
