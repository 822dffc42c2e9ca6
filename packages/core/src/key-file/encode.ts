import { base64pad } from 'multiformats/bases/base64'
import type { Signer } from '../principal/interface.js'
import { KEY_FILE_TYPE, KEY_FILE_VERSION } from './format.js'
import type { KeyFile } from './format.js'

/**
 * `signer`'s key file: its JSON text, indented, with a final newline.
 * The text holds the secret: the caller decides where it may go.
 *
 * @throws {CapchainError} the signer cannot export its secret (a non-extractable key)
 */
export function encodeKeyFile(signer: Signer): string {
  const file: KeyFile = {
    type: KEY_FILE_TYPE,
    version: KEY_FILE_VERSION,
    keyType: signer.keyType,
    did: signer.did(),
    secret: base64pad.baseEncode(signer.exportSecret()),
  }
  return `${JSON.stringify(file, null, 2)}\n`
}
