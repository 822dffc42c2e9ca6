/**
 * One storage service instance in a worker thread of the bench's process
 * (instances.ts): its own event loop, so two of them can use two cores.
 * Posts `{ url, did }` once listening; closes on the message `'close'`,
 * then posts `'closed'`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { DID } from '@capchain/core/principal'
import { loadOrCreateServiceKey, startStorageService } from '@capchain/storage-service'
import { openPostgresStore } from '@capchain/store-postgres'
import type { InstanceRequest } from './instance.js'

async function run(input: InstanceRequest): Promise<void> {
  const key = await loadOrCreateServiceKey(input.keyFile)
  const store = input.store === 'postgres' ? await openPostgresStore({ url: input.storeUrl!, poolSize: input.poolSize }) : undefined
  const service = await startStorageService({
    dataDir: input.dataDir,
    filesDir: input.filesDir,
    key,
    webDir: false,
    domains: [input.domain],
    ...(store === undefined ? {} : { store }),
    ...(input.store === 'off' ? { authorization: { off: 'for-benchmarks', subject: input.subject as DID } } : {}),
  })
  parentPort!.on('message', (message) => {
    if (message !== 'close') return
    void service
      .close()
      .then(() => store?.close())
      .then(() => parentPort!.postMessage('closed'))
  })
  parentPort!.postMessage({ url: service.url, did: service.did })
}

run(workerData as InstanceRequest).catch((error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
