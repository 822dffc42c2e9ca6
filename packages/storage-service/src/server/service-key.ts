import { InvalidKeyFileError, parseKeyFile } from '@capchain/core/key-file'
import { generateSigner } from '@capchain/core/principal'
import type { Signer } from '@capchain/core/principal'
import { KeyStoreError, readKeyFile, writeKeyFile } from '@capchain/client'

/**
 * The service's own did:key: read from `file` (a 0600 key file in the
 * `capchain keygen` format), or generated and saved there on first start,
 * so the service keeps its DID, and the invocations addressed to it stay
 * valid, across restarts.
 *
 * @throws {KeyStoreError} the file exists but is not a usable key file, or cannot be written
 */
export async function loadOrCreateServiceKey(file: string): Promise<Signer> {
  const existing = await readKeyFile(file)
  if (existing !== undefined) return existing
  const created = await generateSigner('Ed25519')
  await writeKeyFile(file, created)
  return created
}

/** Where the key of a service run as several instances comes from: a key file's text, or its path. */
export type SharedKeySource = { readonly text: string; readonly name: string } | { readonly file: string }

/**
 * The key every instance of one service shares: from a key file's text
 * (an environment variable, `name` in messages) or from a key file that
 * must exist. Never generated here: instances starting together would each
 * generate one, and all but the last to write it would answer with a DID
 * the invocations are not addressed to.
 *
 * @throws {KeyStoreError} the text or file is not a usable key file, or there is no file at `file`
 */
export async function loadSharedServiceKey(source: SharedKeySource): Promise<Signer> {
  if ('text' in source) {
    try {
      return parseKeyFile(source.text, source.name)
    } catch (error) {
      if (error instanceof InvalidKeyFileError) throw new KeyStoreError(error.message, { cause: error, at: error.at })
      throw error
    }
  }
  const signer = await readKeyFile(source.file)
  if (signer === undefined) throw new KeyStoreError(`no key file at ${source.file}: create it once with capchain keygen --out ${source.file}, and give every instance the same file`)
  return signer
}
