import { base64 } from 'multiformats/bases/base64'
import type { Json } from './json.js'

/**
 * Bytes in DAG-JSON form, `{"/": {"bytes": "<base64, unpadded>"}}`: how the
 * ucan-wg/spec invocation fixtures carry tokens, so readers of those files
 * read ours unchanged.
 */
export function bytesJson(bytes: Uint8Array): Json {
  return { '/': { bytes: base64.baseEncode(bytes) } }
}
