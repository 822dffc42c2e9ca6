import { CapchainError } from '../errors.js'
import type { CapchainErrorOptions } from '../errors.js'

/** Codes raised by the key-file parser. */
export type KeyFileErrorCode = 'ERR_KEY_FILE_INVALID'

/**
 * A text is not a usable key file: not JSON, a wrong `type` or `version`,
 * a `secret` that is not a key, or a `did`/`keyType` that disagrees with
 * the secret. `at` names the field at fault (none when the text is not
 * JSON). The message never quotes the text, which may hold a secret.
 */
export class InvalidKeyFileError extends CapchainError {
  declare readonly code: KeyFileErrorCode

  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_KEY_FILE_INVALID', message, options)
  }
}
