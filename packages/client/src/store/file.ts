import { generateSigner } from '@capchain/core/lean'
import type { Signer } from '@capchain/core/principal'
import { KeyStoreError } from '../errors.js'
import { readKeyFile, writeKeyFile } from '../keys/key-file.js'
import { nodeBuiltins } from '../node/builtins.js'
import { readOptionalFile, writePrivateFile } from '../node/private-file.js'
import type { ClientRecords, ClientStore } from './interface.js'

/**
 * A store in a directory (Node): `key.json`, the client's Ed25519 key in
 * the `capchain keygen` format, and `records.json`, both mode 0600 in a
 * 0700 directory, each replaced atomically.
 */
export function fileStore(dir: string): ClientStore {
  const { path } = nodeBuiltins()
  const keyPath = path.join(dir, 'key.json')
  const recordsPath = path.join(dir, 'records.json')
  let key: Promise<Signer> | undefined
  return {
    key: () => (key ??= loadOrCreateKey(keyPath)),
    async load() {
      let text: string | undefined
      try {
        text = await readOptionalFile(recordsPath)
      } catch (cause) {
        throw new KeyStoreError(`cannot read ${recordsPath}`, { cause })
      }
      if (text === undefined) return undefined
      try {
        return JSON.parse(text) as ClientRecords
      } catch (cause) {
        throw new KeyStoreError(`${recordsPath} is not JSON`, { cause })
      }
    },
    async save(records) {
      try {
        await writePrivateFile(recordsPath, `${JSON.stringify(records, null, 2)}\n`)
      } catch (cause) {
        throw new KeyStoreError(`cannot write ${recordsPath}`, { cause })
      }
    },
  }
}

async function loadOrCreateKey(path: string): Promise<Signer> {
  const existing = await readKeyFile(path)
  if (existing !== undefined) return existing
  const created = await generateSigner('Ed25519')
  await writeKeyFile(path, created)
  return created
}
