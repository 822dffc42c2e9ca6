/**
 * Key files: one did:key principal's secret, as JSON.
 *
 * ```json
 * { "type": "capchain-key", "version": 1, "keyType": "Ed25519",
 *   "did": "did:key:z6Mk…", "secret": "<base64 multikey secret>" }
 * ```
 *
 * `secret` is the multikey secret of `Signer.exportSecret()` (varint codec
 * 0x1300 / 0x1301 / 0x1306, then the 32-byte key) in padded standard
 * base64. `did` and `keyType` are redundant with it and checked against it
 * when the file is parsed, so a damaged file is refused rather than used as
 * another key. Fields other than these five are ignored.
 */
import type { DID, KeyType } from '../principal/interface.js'

/** The `type` of every key file. */
export const KEY_FILE_TYPE = 'capchain-key'

/** The format version written and read. */
export const KEY_FILE_VERSION = 1

/** A key file's fields, as stored. */
export interface KeyFile {
  readonly type: typeof KEY_FILE_TYPE
  readonly version: typeof KEY_FILE_VERSION
  readonly keyType: KeyType
  readonly did: DID
  readonly secret: string
}
