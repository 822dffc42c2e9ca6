import { generateSigner } from '@capchain/core/principal'
import type { Signer } from '@capchain/core/principal'
import { readKeyFile, writeKeyFile } from '@capchain/client'

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
