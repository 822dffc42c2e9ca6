/**
 * The service load harness (src/service.ts, src/service-load.ts) on a
 * handful of requests: every authorized request, each with a new
 * invocation through a depth-3 chain, gets the file; a replayed pool is
 * caught as invalid; the baseline route serves the same file. No timing.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startStorageService } from '@capchain/storage-service'
import { describe, expect, it } from 'vitest'
import { didKeyChain, didKeySubject, FILE_CONTENT, fileUrl, siweChain, uploadFile } from '../src/service.js'
import { loadIsValid, runLoad } from '../src/service-load.js'

describe('the service load harness', () => {
  it('gets 200s with the file for fresh depth-3 invocations, and on the route without authorization', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'capchain-bench-service-test-'))
    try {
      const service = await startStorageService({ dataDir, webDir: false, subjects: { didKeys: [didKeySubject()] } })
      let pool: string[] = []
      let subject
      try {
        for (const chain of [await siweChain(service), await didKeyChain(service)]) {
          await uploadFile(service, chain)
          subject ??= chain.subject
          const headers = await chain.readHeaders(12)
          const load = { url: fileUrl(service), headers, connections: 2, amount: 10, expectBody: FILE_CONTENT, pool: 'fresh' } as const
          const result = await runLoad(load)
          expect(result.statusCodes, chain.kind).toEqual({ 200: 10 })
          expect(loadIsValid(result)).toBe(true)
          // The same invocations again are replays: refused, and the run is invalid.
          const replayed = await runLoad({ ...load, amount: 4 })
          expect(replayed.statusCodes['409']).toBe(4)
          expect(loadIsValid(replayed)).toBe(false)
          pool = headers
        }
      } finally {
        await service.close()
      }
      const open = await startStorageService({ dataDir, webDir: false, authorization: { off: 'for-benchmarks', subject: subject! } })
      try {
        const result = await runLoad({ url: fileUrl(open), headers: pool, connections: 2, amount: 20, expectBody: FILE_CONTENT, pool: 'cycle' })
        expect(result.statusCodes).toEqual({ 200: 20 })
        expect(loadIsValid(result)).toBe(true)
      } finally {
        await open.close()
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
