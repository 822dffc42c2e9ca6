import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startStorageService } from '../../src/index.js'
import type { RunningStorageService, StorageServiceOptions } from '../../src/index.js'

export interface TestService extends RunningStorageService {
  readonly dataDir: string
  /** Stops the service and deletes its directory. */
  stop(): Promise<void>
}

/** A service on an ephemeral loopback port with its SQLite store in a fresh temporary directory. */
export async function startTestService(options: Partial<StorageServiceOptions> = {}): Promise<TestService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'capchain-service-test-'))
  const service = await startStorageService({ dataDir, webDir: false, ...options })
  return {
    ...service,
    dataDir,
    async stop() {
      await service.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
