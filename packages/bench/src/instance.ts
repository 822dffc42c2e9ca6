/**
 * A storage service instance of the instances bench in a worker thread
 * (instance-worker.ts), started and closed from the main thread.
 */
import type { DID } from '@capchain/core/principal'
import { startWorker } from './worker.js'

export interface InstanceRequest {
  readonly dataDir: string
  /** Shared by every instance. */
  readonly filesDir: string
  /** Shared by every instance (made by the first). */
  readonly keyFile: string
  /** `sqlite`: its own file under `dataDir`; `postgres`: the shared database; `off`: authorization off, the baseline. */
  readonly store: 'sqlite' | 'postgres' | 'off'
  readonly storeUrl?: string
  readonly poolSize?: number
  /** The SIWE domain the chains are signed for. */
  readonly domain: string
  /** With `off`: whose files are served. */
  readonly subject?: DID
}

export interface BenchInstance {
  readonly url: string
  readonly did: DID
  close(): Promise<void>
}

/**
 * @throws {Error} the instance failed to start
 */
export function startBenchInstance(request: InstanceRequest): Promise<BenchInstance> {
  const worker = startWorker('instance-worker', request)
  return new Promise((resolve, reject) => {
    worker.once('error', reject)
    worker.once('message', (message: { url?: string; did?: DID; error?: string }) => {
      if (message.error !== undefined || message.url === undefined) {
        void worker.terminate()
        reject(new Error(`instance worker: ${message.error}`))
        return
      }
      resolve({
        url: message.url,
        did: message.did!,
        close: () =>
          new Promise<void>((done) => {
            worker.once('message', () => void worker.terminate().then(() => done()))
            worker.postMessage('close')
          }),
      })
    })
  })
}
