import { base64 } from 'multiformats/bases/base64'
import type { Signer } from '../principal/interface.js'
import { importSigner } from '../principal/signer.js'
import { InvalidKeyFileError } from './errors.js'
import { KEY_FILE_TYPE, KEY_FILE_VERSION } from './format.js'
import type { KeyFile } from './format.js'

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * The signer of a key file's text, once its `did` and `keyType` are found
 * to be the secret's. `source` names the text in messages (a file's path).
 * No message quotes the text: it may hold a secret.
 *
 * @throws {InvalidKeyFileError} the text is not JSON, not a key file of this version, or its fields disagree with its secret
 */
export function parseKeyFile(text: string, source = 'the input'): Signer {
  const notKey = (why: string, at?: keyof KeyFile) =>
    new InvalidKeyFileError(`${source} is not a usable capchain key file: ${why}`, at === undefined ? {} : { at })
  let file: Partial<Record<keyof KeyFile, unknown>>
  try {
    file = JSON.parse(text) as typeof file
  } catch {
    // JSON.parse quotes the text it failed on; the text may hold a secret.
    throw notKey('it is not JSON')
  }
  if (file === null || typeof file !== 'object' || file.type !== KEY_FILE_TYPE) throw notKey(`"type" is not "${KEY_FILE_TYPE}"`, 'type')
  if (file.version !== KEY_FILE_VERSION) throw notKey(`unsupported "version" (this capchain reads version ${KEY_FILE_VERSION})`, 'version')
  if (typeof file.secret !== 'string' || !BASE64.test(file.secret)) throw notKey('"secret" is not base64', 'secret')
  let signer: Signer
  try {
    signer = importSigner(base64.baseDecode(file.secret.replace(/=+$/, '')))
  } catch (error) {
    throw notKey(`"secret" is not a key: ${(error as Error).message}`, 'secret')
  }
  const mismatch = signer.did() !== file.did ? 'did' : signer.keyType !== file.keyType ? 'keyType' : undefined
  if (mismatch !== undefined) throw notKey('"did" or "keyType" does not match "secret" (is the file damaged?)', mismatch)
  return signer
}
