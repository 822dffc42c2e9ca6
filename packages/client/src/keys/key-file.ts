/**
 * Key files (Node): one did:key principal's secret as JSON, in the format
 * of `capchain keygen` (docs/cli.md, "Key files"), written 0600:
 *
 * ```json
 * { "type": "capchain-key", "version": 1, "keyType": "Ed25519",
 *   "did": "did:key:z6Mk…", "secret": "<base64 multikey secret>" }
 * ```
 *
 * `did` and `keyType` repeat what the secret implies and are checked when
 * the file is read, so a damaged file is refused rather than used as
 * another key. No message quotes the file's content.
 */
import { importSigner } from '@capchain/core/principal'
import type { Signer } from '@capchain/core/principal'
import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import { KeyStoreError } from '../errors.js'
import { nodeBuiltins } from '../node/builtins.js'
import { readOptionalFile, writePrivateFile } from '../node/private-file.js'

const KEY_FILE_TYPE = 'capchain-key'
const KEY_FILE_VERSION = 1
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * Write `signer`'s key file at `path` (mode 0600, replacing any file there).
 * @throws {KeyStoreError} the file cannot be written
 * @throws {CapchainError} the signer cannot export its secret (a non-extractable key)
 */
export async function writeKeyFile(path: string, signer: Signer): Promise<void> {
  const file = {
    type: KEY_FILE_TYPE,
    version: KEY_FILE_VERSION,
    keyType: signer.keyType,
    did: signer.did(),
    secret: toString(signer.exportSecret(), 'base64pad'),
  }
  try {
    await writePrivateFile(path, `${JSON.stringify(file, null, 2)}\n`)
  } catch (cause) {
    throw new KeyStoreError(`cannot write the key file ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause })
  }
}

/**
 * The signer of the key file at `path`, or `undefined` when there is none.
 * @throws {KeyStoreError} the file cannot be read, is not a key file, its fields disagree with its secret,
 *   or other users can read it (a secret others could have copied is not used)
 */
export async function readKeyFile(path: string): Promise<Signer | undefined> {
  let text: string | undefined
  try {
    text = await readOptionalFile(path)
  } catch (cause) {
    throw new KeyStoreError(`cannot read the key file ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause })
  }
  if (text === undefined) return undefined
  const notKey = (why: string) => new KeyStoreError(`${path} is not a usable capchain key file: ${why}`)
  let file: { type?: unknown; version?: unknown; keyType?: unknown; did?: unknown; secret?: unknown }
  try {
    file = JSON.parse(text) as typeof file
  } catch {
    // JSON.parse quotes the text it failed on, and the text may hold a secret.
    throw notKey('it is not JSON')
  }
  if (file === null || typeof file !== 'object' || file.type !== KEY_FILE_TYPE) throw notKey(`"type" is not "${KEY_FILE_TYPE}"`)
  if (file.version !== KEY_FILE_VERSION) throw notKey(`unsupported "version"`)
  if (typeof file.secret !== 'string' || !BASE64.test(file.secret)) throw notKey('"secret" is not base64')
  let signer: Signer
  try {
    signer = importSigner(fromString(file.secret.replace(/=+$/, ''), 'base64'))
  } catch (error) {
    throw notKey(`"secret" is not a key: ${(error as Error).message}`)
  }
  if (signer.did() !== file.did || signer.keyType !== file.keyType) throw notKey('"did" or "keyType" does not match "secret"')
  await refuseShared(path)
  return signer
}

async function refuseShared(path: string): Promise<void> {
  const { fs } = nodeBuiltins()
  const { mode } = await fs.stat(path)
  if ((mode & 0o077) !== 0 && process.platform !== 'win32') {
    throw new KeyStoreError(`the key file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}`)
  }
}
