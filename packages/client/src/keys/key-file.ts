/**
 * Key files (Node): one did:key principal's secret as JSON, in the format
 * of `capchain keygen` (`@capchain/core/key-file`, docs/cli.md "Key
 * files"), written 0600. A file other users can read is refused, and no
 * message quotes the file's content.
 */
import { encodeKeyFile, InvalidKeyFileError, parseKeyFile } from '@capchain/core/key-file'
import type { Signer } from '@capchain/core/principal'
import { KeyStoreError } from '../errors.js'
import { nodeBuiltins } from '../node/builtins.js'
import { readOptionalFile, writePrivateFile } from '../node/private-file.js'

/**
 * Write `signer`'s key file at `path` (mode 0600, replacing any file there).
 * @throws {KeyStoreError} the file cannot be written
 * @throws {CapchainError} the signer cannot export its secret (a non-extractable key)
 */
export async function writeKeyFile(path: string, signer: Signer): Promise<void> {
  const text = encodeKeyFile(signer)
  try {
    await writePrivateFile(path, text)
  } catch (cause) {
    throw new KeyStoreError(`cannot write the key file ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause })
  }
}

/**
 * The signer of the key file at `path`, or `undefined` when there is none.
 * @throws {KeyStoreError} the file cannot be read, is not a key file, its fields disagree with its secret
 *   (`at` names the field, `cause` is core's `InvalidKeyFileError`), or other users can read it
 *   (a secret others could have copied is not used)
 */
export async function readKeyFile(path: string): Promise<Signer | undefined> {
  let text: string | undefined
  try {
    text = await readOptionalFile(path)
  } catch (cause) {
    throw new KeyStoreError(`cannot read the key file ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause })
  }
  if (text === undefined) return undefined
  const signer = parseKeyFileText(text, path)
  await refuseShared(path)
  return signer
}

/**
 * The signer of a key file's text; core's refusal becomes this package's
 * `KeyStoreError`, so callers keep switching on `ERR_KEY_STORE`.
 *
 * @throws {KeyStoreError} the text is not a usable key file
 */
function parseKeyFileText(text: string, path: string): Signer {
  try {
    return parseKeyFile(text, path)
  } catch (error) {
    if (error instanceof InvalidKeyFileError) throw new KeyStoreError(error.message, { cause: error, at: error.at })
    throw error
  }
}

async function refuseShared(path: string): Promise<void> {
  const { fs } = nodeBuiltins()
  const { mode } = await fs.stat(path)
  if ((mode & 0o077) !== 0 && process.platform !== 'win32') {
    throw new KeyStoreError(`the key file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}`)
  }
}
