/**
 * Four instances of the service as processes of their own (the bin, run
 * from its TypeScript source) on one real PostgreSQL, one shared key and
 * one shared files directory, behind one SIWE domain, as a load balancer
 * would have them.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateSigner } from '@capchain/core'
import { encodeKeyFile } from '@capchain/core/key-file'
import { writeKeyFile } from '@capchain/client'
import { startInstance } from '../../src/demo/scale-instance.js'
import type { Instance } from '../../src/demo/scale-instance.js'

/** The name clients reach the instances by. */
export const DOMAIN = 'storage.test'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url))

export interface Cluster {
  readonly instances: Instance[]
  readonly filesDir: string
  readonly storeUrl: string
  dispose(): Promise<void>
}

/** Start `count` instances; half read the key from a file, half from `CAPCHAIN_SERVICE_KEY`. */
export async function startCluster(storeUrl: string, count: number): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'capchain-instances-'))
  const key = await generateSigner('Ed25519')
  const keyFile = join(dir, 'service.key')
  await writeKeyFile(keyFile, key)
  const filesDir = join(dir, 'files')
  const instances = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startInstance({
        command: [process.execPath, '--conditions=capchain-source', '--import', 'tsx', BIN],
        cwd: ROOT,
        dataDir: join(dir, `instance-${i}`),
        storeUrl,
        filesDir,
        key: i % 2 === 0 ? { file: keyFile } : { text: encodeKeyFile(key) },
        domain: DOMAIN,
      }),
    ),
  )
  return {
    instances,
    filesDir,
    storeUrl,
    async dispose() {
      await Promise.all(instances.map((instance) => instance.stop()))
      await rm(dir, { recursive: true, force: true })
    },
  }
}
