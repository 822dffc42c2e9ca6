/**
 * The guard bench (src/guard.ts) on a handful of requests: the guarded ping
 * route serves fresh depth-3 invocations of both chains and refuses their
 * replay (the run is then invalid), a request without credentials and one
 * for another id; the whole scenario runs end to end and reports every
 * field. No timing is asserted.
 */
import { createGuard } from '@capchain/guard'
import { siweRootFormat } from '@capchain/siwe'
import { createMemoryStore } from '@capchain/store'
import { describe, expect, it } from 'vitest'
import { PING_BODY, pingApp, serve } from '../src/guard-app.js'
import { didKeyPingChain, PING_DOMAIN, siwePingChain } from '../src/guard-chains.js'
import { runGuardBench } from '../src/guard.js'
import { fastSigner, seedOf } from '../src/keys.js'
import { overheadOf } from '../src/overhead.js'
import { loadIsValid, runLoad } from '../src/service-load.js'

const service = fastSigner(seedOf('guard-test-service')).did()

describe('the guard load harness', () => {
  it('serves fresh invocations of both chains, and refuses a replay, no credentials and another id', async () => {
    const store = createMemoryStore()
    const app = await serve(pingApp(createGuard({ service, store, rootFormats: [siweRootFormat({ domains: [PING_DOMAIN] })] })))
    try {
      for (const chain of [await siwePingChain(service), await didKeyPingChain(service)]) {
        const headers = await chain.headers(12)
        const load = { url: app.url, headers, connections: 2, amount: 10, expectBody: PING_BODY, pool: 'fresh' } as const
        const result = await runLoad(load)
        expect(result.statusCodes, chain.kind).toEqual({ 200: 10 })
        expect(loadIsValid(result)).toBe(true)
        const replayed = await runLoad({ ...load, amount: 4 })
        expect(replayed.statusCodes['409'], chain.kind).toBe(4)
        expect(loadIsValid(replayed)).toBe(false)
        // The same (unused) invocation for another id: the args are the request's, so refused.
        const other = await fetch(app.url.replace(/p1$/, 'p2'), { headers: { authorization: headers[11]! } })
        expect(other.status).toBe(403)
        expect(((await other.json()) as { code: string }).code).toBe('ERR_ARGS_MISMATCH')
      }
      const missing = await fetch(app.url)
      expect(missing.status).toBe(401)
    } finally {
      await app.close()
      await store.close()
    }
  }, 60_000)

  it('the open route answers the same body without reading credentials', async () => {
    const app = await serve(pingApp(undefined))
    try {
      const response = await fetch(app.url)
      expect(response.status).toBe(200)
      expect(await response.text()).toBe(PING_BODY)
    } finally {
      await app.close()
    }
  })

  it('runs the scenario end to end on both stores and reports overhead in raw verifies', async () => {
    const report = await runGuardBench({
      // The least load that runs every step of a phase (warm-ups, pool sizing, the timed run): this tests the bench, it measures nothing.
      seconds: 0.1,
      warmupRequests: 5,
      warmupSeconds: 0.05,
      connections: 2,
      // The did:key chain is served above; each phase starts three load workers, so one chain keeps this short.
      chains: ['siwe'],
      stores: ['sqlite', 'memory'],
      floor: { rounds: 1, batchMs: 5, warmupMs: 5 },
    })
    expect(report.valid).toBe(true)
    expect(report.open.valid).toBe(true)
    expect(report.verifyUs).toBeGreaterThan(0)
    expect(report.guarded.map((g) => `${g.chain}/${g.store}`)).toEqual(['siwe/sqlite', 'siwe/memory'])
    for (const g of report.guarded) {
      expect(g.phase.valid).toBe(true)
      expect(Object.keys(g.phase.statusCodes)).toEqual(['200'])
      expect(g.phase.reusedFreshHeaders).toBe(0)
      expect(g).toMatchObject(overheadOf(g.phase.requestsPerSecond, report.open.requestsPerSecond, report.verifyUs))
    }
  }, 180_000)
})

describe('overheadOf', () => {
  it('is the extra time per request in raw verifies', () => {
    // 0.79 vs 0.28 ms per request with a 0.087 ms verify: the storage service's figure in issue 15.
    expect(overheadOf(1000 / 0.79, 1000 / 0.28, 87)).toEqual({ overheadMs: 0.51, perVerify: 5.86 })
  })
})
