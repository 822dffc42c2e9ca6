/**
 * The guard bench (src/guard.ts) on a handful of requests: the guarded ping
 * route serves fresh depth-3 invocations of both chains and refuses their
 * replay (the run is then invalid), a request without credentials and one
 * for another id; the verify route serves only after its one verify
 * succeeds, and times every verify it makes; the whole scenario runs end
 * to end and reports every field, each guarded phase's overheads in
 * verifies alone, under load and by the server's CPU the arithmetic on the
 * baseline sets just before and after it. No timing is asserted.
 */
import { createGuard } from '@capchain/guard'
import { siweRootFormat } from '@capchain/siwe'
import { createMemoryStore } from '@capchain/store'
import { describe, expect, it } from 'vitest'
import { PING_BODY, pingApp, serve } from '../src/guard-app.js'
import { didKeyPingChain, PING_DOMAIN, siwePingChain } from '../src/guard-chains.js'
import { runGuardBench } from '../src/guard.js'
import { fastSigner, seedOf } from '../src/keys.js'
import { median } from '../src/measure.js'
import { comparedWithOf, cpuOverheadOf, overheadOf, perVerifyUnderLoadOf, verifyUnderLoadOf } from '../src/overhead.js'
import { GUARD_TARGET, guardTargets, renderGuardText } from '../src/report.js'
import { loadIsValid, runLoad } from '../src/service-load.js'
import { VerifyTimer } from '../src/verify-timer.js'

const service = fastSigner(seedOf('guard-test-service')).did()

describe('the guard load harness', () => {
  it('serves fresh invocations of both chains, and refuses a replay, no credentials and another id', async () => {
    const store = createMemoryStore()
    const app = await serve(pingApp({ kind: 'guard', guard: createGuard({ service, store, rootFormats: [siweRootFormat({ domains: [PING_DOMAIN] })] }) }))
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
    const app = await serve(pingApp({ kind: 'open' }))
    try {
      const response = await fetch(app.url)
      expect(response.status).toBe(200)
      expect(await response.text()).toBe(PING_BODY)
    } finally {
      await app.close()
    }
  })

  it('the verify route answers the same body after one timed verify, and refuses a wrong signer, a changed message and no credentials', async () => {
    const [good, other] = await (await siwePingChain(service)).invocationSignatures(2)
    const [foreign] = await (await didKeyPingChain(service)).invocationSignatures(1)
    const changed = new Uint8Array(good!.message)
    changed[changed.length - 1]! ^= 1
    const signatures = [good!, { ...foreign!, key: good!.key }, { ...other!, message: changed }, other!]
    const timer = new VerifyTimer()
    const app = await serve(pingApp({ kind: 'verify', signatures, timer }))
    const authorization = (await (await siwePingChain(service)).headers(1))[0]!
    try {
      const answer = async (headers: Record<string, string>) => {
        const response = await fetch(app.url, { headers })
        return [response.status, await response.text()]
      }
      const refused = [500, 'raw signature did not verify']
      // One verify per request, the signatures in turn: good, wrong signer, changed message, good.
      expect(await answer({ authorization })).toEqual([200, PING_BODY])
      expect(await answer({ authorization })).toEqual(refused)
      expect(await answer({ authorization })).toEqual(refused)
      expect(await answer({ authorization })).toEqual([200, PING_BODY])
      // A refused signature is timed too: it is a verify made.
      const four = timer.read()
      expect(four.count).toBe(4)
      expect(four.meanUs).toBeGreaterThan(0)
      timer.reset()
      expect(timer.read()).toEqual({ count: 0, meanUs: null })
      // Without credentials the route does not verify at all: the next signature in turn (good) is not used, nothing is timed.
      expect(await answer({})).toEqual([500, "no Authorization header: the verify route is sent the open route's headers"])
      expect(timer.read()).toEqual({ count: 0, meanUs: null })
      expect(await answer({ authorization })).toEqual([200, PING_BODY])
      expect(timer.read().count).toBe(1)
    } finally {
      await app.close()
    }
  })

  it('runs the scenario end to end and reports overhead in raw verifies, alone and under load', async () => {
    const report = await runGuardBench({
      // The least load that runs a phase: no warm-ups, a timed run of a few requests. This tests the bench, it measures nothing.
      seconds: 0.1,
      warmupRequests: 0,
      warmupSeconds: 0,
      timedRequests: 40,
      connections: 2,
      // The did:key chain and the memory store are served above; each phase starts three load generators, so one
      // chain on one store (one guarded phase between two baseline sets) keeps this short.
      chains: ['siwe'],
      stores: ['sqlite'],
      // One short pass of the steady-state warm-up: its loop runs, at the least load.
      steadyStateWarmupSeconds: 0.1,
      // A few in-process requests a round: the rows are made, and every answer checked.
      inProcessRequests: 20,
      // Two rounds: the phase runs twice, each between baseline sets of its own, and its target is met by their median.
      rounds: 2,
      floor: { rounds: 1, batchMs: 5, warmupMs: 5 },
    })
    expect(report.valid).toBe(true)
    expect(report.open.valid).toBe(true)
    expect(report.verify.valid).toBe(true)
    expect(report.verifyUs).toBeGreaterThan(0)
    // One verify timed alone per baseline set; the run's figure is their median.
    expect(report.verifyAloneRunsUs).toHaveLength(report.guarded.length + 1)
    expect(report.verifyUs).toBe(median(report.verifyAloneRunsUs))
    expect(report.rounds).toBe(2)
    expect(report.guarded.map((g) => `${g.chain}/${g.store}/${g.round}`)).toEqual(['siwe/sqlite/1', 'siwe/sqlite/2'])
    const [target, ...others] = guardTargets({ ...report, storageService: { gap: 'not run' } })
    expect(others).toEqual([])
    expect(target!.value).toBe(Number(median(report.guarded.map((g) => g.perVerify)).toFixed(2)))
    expect(target!.met).toBe(target!.value <= GUARD_TARGET)
    expect(target!.target).toContain('siwe depth 3, sqlite store: overhead ≤ 2.5 raw Ed25519 verifies per request (median of 2 rounds: ')
    // A baseline set before each guarded phase and one after the last, each an open run and a verify run.
    const sets = report.guarded.length + 1
    for (const baseline of [report.open, report.verify]) {
      expect(baseline.runs).toHaveLength(sets)
      for (const run of baseline.runs) {
        expect(run.valid).toBe(true)
        expect(Object.keys(run.statusCodes)).toEqual(['200'])
      }
      // Within the rounding to one decimal.
      expect(Math.abs(baseline.requestsPerSecond - median(baseline.runs.map((r) => r.requestsPerSecond)))).toBeLessThanOrEqual(0.05 + 1e-9)
      expect(Math.abs(baseline.serverCpuUsPerRequest - median(baseline.runs.map((r) => r.serverCpuUsPerRequest)))).toBeLessThanOrEqual(0.005 + 1e-9)
    }
    // Each run's verifies are its timed run's, one per response, not the warm-ups': beyond its responses, at most a request per
    // connection left in flight when a run stops (the warm-up's, verified after the reset; the timed run's, never answered).
    for (const run of report.verify.runs) {
      expect(run.timedVerifies.count).toBeGreaterThanOrEqual(run.responses)
      expect(run.timedVerifies.count).toBeLessThanOrEqual(run.responses + 2 * report.connections)
      expect(run.timedVerifies.meanUs).toBeGreaterThan(0)
    }
    const underLoad = report.verifyUnderLoadUs
    expect(underLoad).toBe(Number(median(report.verify.runs.map((r) => r.timedVerifies.meanUs!)).toFixed(2)))
    if (typeof underLoad !== 'number') throw new Error('no verify timed under load')
    // The overhead in µs over a verify under load, within the rounding of overheadMs (0.5 µs) and of the ratio.
    const inVerifiesUnderLoad = (g: { overheadMs: number; perVerifyUnderLoad: number | null }, verifyUs: number) =>
      expect(Math.abs(g.perVerifyUnderLoad! - (g.overheadMs * 1000) / verifyUs)).toBeLessThanOrEqual(0.5 / verifyUs + 0.005 + 1e-9)
    // The verify row: over the open route's median, in the median verify under load.
    expect(report.verify).toMatchObject(overheadOf(report.verify.requestsPerSecond, report.open.requestsPerSecond, report.verifyUs))
    expect(report.verify.byCpu).toEqual(cpuOverheadOf(report.verify.serverCpuUsPerRequest, report.open.serverCpuUsPerRequest, report.verifyUs))
    inVerifiesUnderLoad(report.verify, underLoad)
    report.guarded.forEach((g, i) => {
      expect(g.phase.valid).toBe(true)
      expect(Object.keys(g.phase.statusCodes)).toEqual(['200'])
      expect(g.phase.reusedFreshHeaders).toBe(0)
      // Phase i ran between sets i and i + 1: compared with their means, and with nothing else.
      const [before, after] = [i, i + 1].map((k) => ({ open: report.open.runs[k]!, verify: report.verify.runs[k]! }))
      const open = (before!.open.requestsPerSecond + after!.open.requestsPerSecond) / 2
      const verify = (before!.verify.timedVerifies.meanUs! + after!.verify.timedVerifies.meanUs!) / 2
      expect(Math.abs(g.comparedWith.openRequestsPerSecond - open)).toBeLessThanOrEqual(0.05 + 1e-9)
      expect(Math.abs((g.comparedWith.verifyUnderLoadUs as number) - verify)).toBeLessThanOrEqual(0.005 + 1e-9)
      // By CPU: this process's CPU per response, guarded over the mean of its neighbours' open runs.
      expect(g.phase.serverCpuUsPerRequest).toBeGreaterThan(0)
      const openCpu = (before!.open.serverCpuUsPerRequest + after!.open.serverCpuUsPerRequest) / 2
      expect(Math.abs(g.comparedWith.openServerCpuUsPerRequest - openCpu)).toBeLessThanOrEqual(0.005 + 1e-9)
      // Both in the mean of the verifies timed alone at the end of its neighbouring sets.
      const alone = (report.verifyAloneRunsUs[i]! + report.verifyAloneRunsUs[i + 1]!) / 2
      expect(Math.abs(g.comparedWith.verifyAloneUs - alone)).toBeLessThanOrEqual(0.005 + 1e-9)
      expect(g.byCpu).toEqual(cpuOverheadOf(g.phase.serverCpuUsPerRequest, g.comparedWith.openServerCpuUsPerRequest, g.comparedWith.verifyAloneUs))
      expect(g).toMatchObject(overheadOf(g.phase.requestsPerSecond, g.comparedWith.openRequestsPerSecond, g.comparedWith.verifyAloneUs))
      const overheadMs = 1000 / g.phase.requestsPerSecond - 1000 / open
      // Within the rounding of overheadMs (0.0005 ms) and of the open requests/s it is counted over (0.05 of
      // ~40 requests/s in this short run moves 1000/rps by 0.03 ms).
      expect(Math.abs(g.overheadMs - overheadMs)).toBeLessThanOrEqual(0.0005 + 1e-3 * Math.abs(overheadMs) + (1000 * 0.05) / open ** 2 + 1e-9)
      inVerifiesUnderLoad(g, g.comparedWith.verifyUnderLoadUs as number)
    })
    // Without HTTP: one row per chain and store, a figure per round, the row's the median of its rounds'.
    expect(report.inProcess.map((row) => `${row.chain}/${row.store}`)).toEqual(['siwe/sqlite'])
    for (const row of report.inProcess) {
      expect(row.rounds).toHaveLength(2)
      for (const r of row.rounds) {
        expect(r.guardedCpuUs).toBeGreaterThan(0)
        expect(r.openCpuUs).toBeGreaterThan(0)
        expect(r.verifyUs).toBeGreaterThan(0)
        expect(Math.abs(r.perVerify - (r.guardedCpuUs - r.openCpuUs) / r.verifyUs)).toBeLessThanOrEqual(0.01 + 1e-9)
      }
      expect(row.perVerify).toBe(Number(median(row.rounds.map((r) => r.perVerify)).toFixed(2)))
    }
    // The test runner shares the machine: nothing pinned unless asked.
    expect(report.pinning).toBe('none')
    const text = renderGuardText({ ...report, storageService: { gap: 'not run' } }).join('\n')
    expect(text).toContain('  pinning: none')
    expect(text).toContain('in a child process of its own')
    expect(text).toContain('÷ 1 verify by CPU')
    expect(text).toContain('one raw verify in front')
    expect(text).toContain('siwe depth 3, sqlite store, round 2')
    expect(text).not.toContain('two raw verifies')
    expect(text).toContain('in process (Hono app.fetch, no HTTP; not the target)')
    expect(text).toMatch(/\n {4}siwe depth 3, sqlite store: -?[\d.]+× \(rounds [^;]+ = -?[\d.]+×; [^;]+ = -?[\d.]+×\)/)
    expect(text).toContain('guarded phases after: 0.1 s of guarded load (memory store, every chain in turn), not measured, before the first baseline set')
    expect(text).toContain(`before every guarded phase and after the last (${sets} sets); each guarded row counted against the mean of the sets just before and after it`)
    expect(text).toContain(`÷ 1 verify under load (timed on the serving thread in the one-verify route`)
    expect(text).toContain(`by the mean of the runs just before and after each guarded row, for the one-verify row by their median, ${underLoad.toFixed(underLoad >= 100 ? 1 : 2)} µs`)
    // The baseline rows list every run's requests/s, in the order they ran, after their median.
    expect(text).toContain(`${report.open.requestsPerSecond.toFixed(0)} (${report.open.runs.map((r) => r.requestsPerSecond.toFixed(0)).join(' / ')})`)
  }, 180_000)
})

describe('overheadOf', () => {
  it('is the extra time per request in raw verifies', () => {
    // 0.79 vs 0.28 ms per request with a 0.087 ms verify: the storage service's figure in issue 15.
    expect(overheadOf(1000 / 0.79, 1000 / 0.28, 87)).toEqual({ overheadMs: 0.51, perVerify: 5.86 })
  })
})

describe('one verify under the same load', () => {
  const timed = (meanUs: number | null) => ({ count: meanUs === null ? 0 : 1000, meanUs })

  it('is the median of the verify route\'s timed means, and the overhead over the open route is counted in it', () => {
    // The lead's figures: a verify 117 to 180 µs on the serving thread under load; the guarded route 0.43 ms per request, the open 0.074.
    expect(verifyUnderLoadOf([timed(117), timed(180)], true)).toBe(148.5)
    expect(verifyUnderLoadOf([timed(180), timed(117.25), timed(120)], true)).toBe(120)
    expect(perVerifyUnderLoadOf(1000 / 0.43, 1000 / 0.074, 148.5)).toBe(2.4)
    // The one-verify route against the open route: one verify, plus its middleware step.
    expect(perVerifyUnderLoadOf(1000 / 0.2275, 1000 / 0.074, 148.5)).toBe(1.03)
  })

  it('has no figure when its runs were invalid, or a run timed no verify', () => {
    const invalid = verifyUnderLoadOf([timed(117), timed(180)], false)
    expect(invalid).toEqual({ gap: 'no figure: a run of the one-verify route was invalid (see statuses)' })
    expect(perVerifyUnderLoadOf(1000 / 0.43, 1000 / 0.074, invalid)).toBeNull()
    for (const runs of [[timed(117), timed(null)], [timed(null)], []]) {
      const none = verifyUnderLoadOf(runs, true)
      expect(none).toEqual({ gap: 'no figure: a run of the one-verify route timed no verify' })
      expect(perVerifyUnderLoadOf(1000 / 0.43, 1000 / 0.074, none)).toBeNull()
    }
  })
})

describe('a guarded phase against the baseline sets on either side of it', () => {
  const set = (openRequestsPerSecond: number, meanUs: number | null, valid = true, openCpuUs = 80, verifyAloneUs = 78) => ({
    open: { requestsPerSecond: openRequestsPerSecond, serverCpuUsPerRequest: openCpuUs },
    verify: { valid, timedVerifies: { count: meanUs === null ? 0 : 1000, meanUs } },
    verifyAloneUs,
  })

  it('is compared with the mean of their open requests/s and of their verify under load', () => {
    // The open route at 10,750 then 7,627 requests/s inside one bench run (the machine's fast and slow modes).
    const comparedWith = comparedWithOf(set(10_750, 117), set(7_627, 180))
    expect(comparedWith).toEqual({ openRequestsPerSecond: 9188.5, openServerCpuUsPerRequest: 80, verifyUnderLoadUs: 148.5, verifyAloneUs: 78 })
    // A guarded phase at 2,500 requests/s: 0.4 − 0.10883 ms over the open route, in a 148.5 µs verify.
    expect(overheadOf(2500, comparedWith.openRequestsPerSecond, 73)).toEqual({ overheadMs: 0.291, perVerify: 3.99 })
    expect(perVerifyUnderLoadOf(2500, comparedWith.openRequestsPerSecond, comparedWith.verifyUnderLoadUs)).toBe(1.96)
    // The order of the two sets does not matter; rounded as the open route's median is, to 0.1 requests/s.
    expect(comparedWithOf(set(7_627, 180), set(10_750, 117))).toEqual(comparedWith)
    expect(comparedWithOf(set(1000.04, 100.004), set(1000.07, 100.002)).openRequestsPerSecond).toBe(1000.1)
  })

  it('is compared by CPU with the mean of their open runs\' server CPU per request, in verifies alone', () => {
    // The open route at 62 and 58 µs of server CPU per response, a guarded phase at 227.7 with a 78 µs verify: 2.15 verifies.
    const comparedWith = comparedWithOf(set(10_750, 117, true, 62), set(7_627, 180, true, 58))
    expect(comparedWith.openServerCpuUsPerRequest).toBe(60)
    expect(cpuOverheadOf(227.7, comparedWith.openServerCpuUsPerRequest, 78)).toEqual({ overheadUs: 167.7, perVerify: 2.15 })
    expect(comparedWithOf(set(1, 1, true, 60.004), set(1, 1, true, 60.002)).openServerCpuUsPerRequest).toBe(60)
  })

  it('is counted in the mean of the verifies timed alone on either side of it, the machine\'s speed drifting between them', () => {
    // The verify alone at 73 µs before the phase and 121 after (a fast then a slow mode): the phase's unit is 97.
    const comparedWith = comparedWithOf(set(10_750, 117, true, 62, 73), set(7_627, 180, true, 58, 121))
    expect(comparedWith.verifyAloneUs).toBe(97)
    expect(overheadOf(2500, comparedWith.openRequestsPerSecond, comparedWith.verifyAloneUs)).toEqual({ overheadMs: 0.291, perVerify: 3 })
    expect(cpuOverheadOf(254, comparedWith.openServerCpuUsPerRequest, comparedWith.verifyAloneUs)).toEqual({ overheadUs: 194, perVerify: 2 })
    expect(comparedWithOf(set(1, 1, true, 60, 78.004), set(1, 1, true, 60, 78.002)).verifyAloneUs).toBe(78)
  })

  it('has an open figure but no verify under load when a neighbour\'s verify run was invalid or timed no verify', () => {
    for (const [before, after] of [
      [set(10_750, 117, false), set(7_627, 180)],
      [set(10_750, 117), set(7_627, 180, false)],
    ]) {
      const comparedWith = comparedWithOf(before!, after!)
      expect(comparedWith).toEqual({
        openRequestsPerSecond: 9188.5,
        openServerCpuUsPerRequest: 80,
        verifyUnderLoadUs: { gap: 'no figure: a run of the one-verify route was invalid (see statuses)' },
        verifyAloneUs: 78,
      })
      expect(perVerifyUnderLoadOf(2500, comparedWith.openRequestsPerSecond, comparedWith.verifyUnderLoadUs)).toBeNull()
    }
    for (const [before, after] of [
      [set(10_750, null), set(7_627, 180)],
      [set(10_750, 117), set(7_627, null)],
    ]) {
      const comparedWith = comparedWithOf(before!, after!)
      expect(comparedWith.verifyUnderLoadUs).toEqual({ gap: 'no figure: a run of the one-verify route timed no verify' })
      expect(perVerifyUnderLoadOf(2500, comparedWith.openRequestsPerSecond, comparedWith.verifyUnderLoadUs)).toBeNull()
    }
  })
})

describe('guardTargets', () => {
  const reportOf = (valid: boolean, phases: [string, string, number][]) =>
    ({
      valid,
      storageService: { gap: 'not run' },
      guarded: phases.map(([chain, store, perVerify], i) => ({ chain, store, perVerify, round: i + 1 })),
    }) as unknown as Parameters<typeof guardTargets>[0]

  it('is one target per chain and store, met by the median of its rounds, never by its best one', () => {
    const targets = guardTargets(
      reportOf(true, [
        ['did:key', 'memory', 2.4],
        ['did:key', 'sqlite', 2.6],
        ['did:key', 'memory', 3.1],
        ['did:key', 'sqlite', 2.4],
        ['did:key', 'memory', 2.2],
        ['did:key', 'sqlite', 2.7],
      ]),
    )
    expect(targets.map(({ value, met }) => ({ value, met }))).toEqual([
      { value: 2.4, met: true },
      { value: 2.6, met: false },
    ])
    expect(targets[0]!.target).toBe('guard, did:key depth 3, memory store: overhead ≤ 2.5 raw Ed25519 verifies per request (median of 3 rounds: 2.40× / 3.10× / 2.20×)')
  })

  it('is the phase itself with one round, and never met by an invalid run', () => {
    expect(guardTargets(reportOf(true, [['siwe', 'memory', 1.7]]))).toEqual([
      { target: 'guard, siwe depth 3, memory store: overhead ≤ 2.5 raw Ed25519 verifies per request', value: 1.7, met: true },
    ])
    expect(guardTargets(reportOf(false, [['siwe', 'memory', 1.7]]))[0]!.met).toBe(false)
  })
})

describe('runGuardBench options', () => {
  it('refuses rounds that are not a positive integer, before any work', async () => {
    const options = { seconds: 0.1, warmupRequests: 0, warmupSeconds: 0, connections: 1, chains: ['siwe'], stores: ['memory'], floor: { rounds: 1, batchMs: 1, warmupMs: 1 } } as const
    for (const rounds of [0, 1.5, -1, Number.NaN]) await expect(runGuardBench({ ...options, rounds })).rejects.toThrow(RangeError)
  })

  it('refuses in-process requests that are not a non-negative integer, before any work', async () => {
    const options = { seconds: 0.1, warmupRequests: 0, warmupSeconds: 0, connections: 1, chains: ['siwe'], stores: ['memory'], floor: { rounds: 1, batchMs: 1, warmupMs: 1 } } as const
    for (const inProcessRequests of [-1, 2.5, Number.NaN]) await expect(runGuardBench({ ...options, inProcessRequests })).rejects.toThrow(/inProcessRequests/)
  })
})
