/**
 * The guard under HTTP load (`pnpm bench --guard`, issue 15): `GET
 * /ping/p1` (a small JSON) in Hono behind `@capchain/guard/hono`, with a
 * depth-3 chain (guard-chains.ts) and the guard's state in the memory store
 * or in SQLite (`@capchain/store-sqlite`, a file in a temporary directory),
 * against the same route and handler with nothing in front, in one run.
 *
 * The method is the storage service bench's (service.ts, load-phase.ts):
 * the app on this process's main thread, autocannon in a child process of
 * its own (service-load.ts), every guarded request a new invocation signed
 * before its phase, the baselines sent the same headers round a pool. The
 * caller may pin this process to one CPU and the generator to another
 * (`pinning`, pinning.ts; the CLI does by default). In a worker thread of
 * this process, as it was, the generator shared the server's V8 helper
 * threads and libuv pool and, unpinned, its core at times: the figure
 * counted that interference as the guard's cost.
 *
 * The result is the overhead per request (overhead.ts) in raw Ed25519
 * verifies, one verify timed alone in the same run (verify-floor.ts) at
 * the end of every baseline set; in raw verifies timed on the serving thread under
 * the same load, by a route with one in front; and by CPU: this process's
 * CPU time per response, guarded minus open, ÷ the verify alone, which no
 * load generator can flatter (with each run's utilization, CPU ÷ wall
 * time: near 1, the route set the pace). The open and the one-verify route
 * run in a set just before each guarded phase and once after the last,
 * and each guarded phase is compared with the sets on either side of it
 * (guard-baselines.ts, overhead.ts). After the HTTP phases, the same guard
 * and app run without HTTP (guard-in-process.ts): not the target, the
 * guard's own cost, which a VM's network stack cannot move.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DID } from '@capchain/core/principal'
import { createGuard } from '@capchain/guard'
import type { Guard } from '@capchain/guard'
import { siweRootFormat } from '@capchain/siwe'
import { createMemoryStore } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { openSqliteStore } from '@capchain/store-sqlite'
import { PING_BODY, withApp } from './guard-app.js'
import { repeated, runBaselineSet } from './guard-baselines.js'
import type { BaselineLoad, BaselineSet, RepeatedPhase, VerifyRun } from './guard-baselines.js'
import { didKeyPingChain, PING_DOMAIN, siwePingChain } from './guard-chains.js'
import type { GuardChain, GuardChainKind } from './guard-chains.js'
import { inProcessRow } from './guard-in-process.js'
import type { InProcessOptions, InProcessRow } from './guard-in-process.js'
import { fastSigner, seedOf } from './keys.js'
import { loadPhase } from './load-phase.js'
import type { PhaseOptions, PhaseResult } from './load-phase.js'
import { median } from './measure.js'
import type { MeasureOptions } from './measure.js'
import { comparedWithOf, cpuOverheadOf, overheadOf, perVerifyUnderLoadOf, verifyUnderLoadOf } from './overhead.js'
import type { ComparedWith, CpuOverhead, Overhead, VerifyUnderLoad } from './overhead.js'
import type { RawSignature } from './ucan1.js'

export type GuardStoreKind = 'memory' | 'sqlite'

export interface GuardBenchOptions extends PhaseOptions {
  readonly chains: readonly GuardChainKind[]
  readonly stores: readonly GuardStoreKind[]
  /** How the raw verify is measured (measure.ts). */
  readonly floor: Omit<MeasureOptions, 'onProgress'>
  /** Seconds of guarded load, unmeasured, before the first guarded phase (`steadyStateWarmup`); default `STEADY_STATE_WARMUP_SECONDS`, 0 for none. */
  readonly steadyStateWarmupSeconds?: number
  /** How many times every guarded phase runs, each time between baseline sets of its own (default 1): a noisy machine's verdict is the median. */
  readonly rounds?: number
  /** Guarded requests per round of the in-process rows (guard-in-process.ts); default `IN_PROCESS_REQUESTS`, 0 for none. */
  readonly inProcessRequests?: number
  readonly onProgress?: (message: string) => void
}

/** One guarded phase: its chain, its store, what it measured and its overhead over the open route run next to it. */
export interface GuardedPhase extends Overhead {
  readonly chain: GuardChainKind
  readonly store: GuardStoreKind
  /** Which of the run's rounds, from 1. */
  readonly round: number
  readonly signatures: string
  readonly phase: PhaseResult
  /** The baseline sets just before and just after this phase (sets i and i + 1 for `guarded[i]`), as its overhead counts them. */
  readonly comparedWith: ComparedWith
  /** `overheadMs` ÷ one raw verify under the same load (`verifyUnderLoadUs`, overhead.ts); `null` without a figure. */
  readonly perVerifyUnderLoad: number | null
  /** The server's CPU per request over the open runs' of `comparedWith`, ÷ its `verifyAloneUs`. */
  readonly byCpu: CpuOverhead
}

export interface GuardReport {
  readonly route: string
  readonly loadGenerator: string
  /** Where the server and the load generator ran: pinned to a CPU each, or why not. */
  readonly pinning: string
  readonly connections: number
  /** How many times every guarded phase ran (`GuardBenchOptions.rounds`). */
  readonly rounds: number
  readonly seconds: number
  /** How the baselines were run, and what each row is compared with. */
  readonly baselines: string
  /** The unmeasured guarded load the guarded phases followed. */
  readonly steadyStateWarmup: string
  /**
   * Median µs of one raw node:crypto Ed25519 verify timed alone, over the baseline sets (each set ends with
   * one: `BaselineSet.verifyAloneUs`). Each guarded phase is counted in its neighbours' (`comparedWith`).
   */
  readonly verifyUs: number
  /** µs of the verify timed alone at the end of each baseline set, in the order the sets ran. */
  readonly verifyAloneRunsUs: readonly number[]
  /**
   * µs of one raw verify timed on the serving thread under the same load: the median over all the verify
   * route's runs of each run's mean (`verify.runs[i].timedVerifies`), which the verify row is counted in;
   * or why there is no figure. Each guarded phase is counted in its neighbours' (`comparedWith`).
   */
  readonly verifyUnderLoadUs: VerifyUnderLoad
  /** The same route and handler, nothing in front: run `i` in the baseline set before `guarded[i]`, the last after them all. */
  readonly open: RepeatedPhase
  /**
   * The same route and handler, one timed raw verify in front, its runs as the open route's; counted over
   * the open route's median (both ran in every set, one after the other). Its `perVerifyUnderLoad` should
   * come out near 1.
   */
  readonly verify: RepeatedPhase<VerifyRun> & Overhead & { readonly perVerifyUnderLoad: number | null; readonly byCpu: CpuOverhead }
  readonly guarded: readonly GuardedPhase[]
  /** The same guard and app without HTTP, per chain and store, `rounds` rounds each (guard-in-process.ts); empty when not run. */
  readonly inProcess: readonly InProcessRow[]
  /**
   * The open and guarded phases had only 200s with the body, no error, no reused invocation. The verify
   * route's own validity decides only whether `verifyUnderLoadUs` has a figure.
   */
  readonly valid: boolean
}

const SIGNATURES: Record<GuardChainKind, string> = {
  siwe: '1 secp256k1 (recovered once, then cached) + 3 Ed25519',
  'did:key': '4 Ed25519',
}

/**
 * Seconds of guarded load, split over the chains, run once before the
 * first baseline set and not measured. V8 keeps optimizing the guard's code
 * long after a phase's own warm-up (300 requests and 2 s): measured over
 * HTTP, server CPU per did:key request fell 8–14 % after 30,000 warm-up
 * requests instead of 3,000, and the code is shared by every phase, so
 * whichever guarded phase ran last came out fastest. A service serves
 * millions of requests: the steady state is what it pays.
 */
export const STEADY_STATE_WARMUP_SECONDS = 12

/** Guarded requests per round of each in-process row: a second or two each on a 2-core VM. */
export const IN_PROCESS_REQUESTS = 4000

/** The guard of every guarded phase: the bench's service DID, `store`, SIWE roots for the ping domain. */
const pingGuard = (service: DID, store: StateStore): Guard => createGuard({ service, store, rootFormats: [siweRootFormat({ domains: [PING_DOMAIN] })] })

/** Run `use` with the ping guard over a new `kind` store (SQLite in `sqliteFile`), closed once it settles. */
async function withPingGuard(service: DID, kind: GuardStoreKind, sqliteFile: string, use: (guard: Guard) => Promise<void>): Promise<void> {
  const store: StateStore = kind === 'memory' ? createMemoryStore() : openSqliteStore(sqliteFile)
  try {
    await use(pingGuard(service, store))
  } finally {
    await store.close()
  }
}

/** A guarded phase's load: `GET /ping/p1`, each request a fresh invocation of `chain`. */
const guardedTarget = (label: string, chain: GuardChain) => ({ label, expectBody: PING_BODY, headersFor: (n: number) => chain.headers(n), pool: 'fresh' }) as const

const chainFor = (kind: GuardChainKind, service: DID): Promise<GuardChain> => (kind === 'siwe' ? siwePingChain(service) : didKeyPingChain(service))

/**
 * @throws {RangeError} `rounds` that is not a positive integer, `inProcessRequests` that is not a non-negative integer
 * @throws {Error} a load phase that failed or hung, or a store that could not be opened
 */
export async function runGuardBench(options: GuardBenchOptions): Promise<GuardReport> {
  const rounds = options.rounds ?? 1
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a positive integer, got ${String(rounds)}`)
  const inProcessRequests = options.inProcessRequests ?? IN_PROCESS_REQUESTS
  if (!Number.isSafeInteger(inProcessRequests) || inProcessRequests < 0) {
    throw new RangeError(`inProcessRequests must be a non-negative integer, got ${String(inProcessRequests)}`)
  }
  const progress = options.onProgress ?? (() => undefined)
  const service = fastSigner(seedOf('guard-service')).did()
  const chains = await Promise.all(options.chains.map((kind) => chainFor(kind, service)))
  const dataDir = await mkdtemp(join(tmpdir(), 'capchain-bench-guard-'))
  try {
    // The floor's signatures, verified by the verify route too: the verify alone and under load are the same work.
    const signatures = await chains[0]!.invocationSignatures(64)
    const load: BaselineLoad = { pool: await chains[0]!.headers(2000), signatures, options, floor: options.floor }
    const total = rounds * options.stores.length * chains.length + 1
    const sets: BaselineSet[] = []
    const nextSet = async () => {
      sets.push(await runBaselineSet(progress, load, sets.length + 1, total))
    }
    const warmupSeconds = options.steadyStateWarmupSeconds ?? STEADY_STATE_WARMUP_SECONDS
    if (warmupSeconds > 0) await steadyStateWarmup(progress, service, chains, { ...options, seconds: warmupSeconds / chains.length })
    const phases: { chain: GuardChainKind; store: GuardStoreKind; round: number; phase: PhaseResult }[] = []
    for (let round = 1; round <= rounds; round++) {
      for (const storeKind of options.stores) {
        await withPingGuard(service, storeKind, join(dataDir, 'state.db'), async (guard) => {
          for (const chain of chains) {
            // Right before the phase, as the next set is right after it: the machine's speed drifts within a minute.
            await nextSet()
            const target = guardedTarget(`guard: ${chain.kind} depth 3, ${storeKind} store${rounds > 1 ? `, round ${round}` : ''}`, chain)
            const phase = await withApp({ kind: 'guard', guard }, (url) => loadPhase(progress, { ...target, url }, options))
            phases.push({ chain: chain.kind, store: storeKind, round, phase })
          }
        })
      }
    }
    await nextSet()
    const inProcess = await inProcessRows(progress, service, chains, dataDir, options.stores, signatures, {
      requests: inProcessRequests,
      rounds,
      floor: options.floor,
    })
    const verifyUs = median(sets.map((s) => s.verifyAloneUs))
    const open = repeated(sets.map((s) => s.open))
    const verify = repeated(sets.map((s) => s.verify))
    const verifyUnderLoadUs = verifyUnderLoadOf(verify.runs.map((r) => r.timedVerifies), verify.valid)
    const overheads = (phase: { requestsPerSecond: number; serverCpuUsPerRequest: number }, against: ComparedWith) => ({
      ...overheadOf(phase.requestsPerSecond, against.openRequestsPerSecond, against.verifyAloneUs),
      perVerifyUnderLoad: perVerifyUnderLoadOf(phase.requestsPerSecond, against.openRequestsPerSecond, against.verifyUnderLoadUs),
      byCpu: cpuOverheadOf(phase.serverCpuUsPerRequest, against.openServerCpuUsPerRequest, against.verifyAloneUs),
    })
    return {
      route: `GET /ping/:id → ${PING_BODY}, Hono on @hono/node-server (its default global Request and Response)`,
      loadGenerator: `autocannon ${options.connections} connections, pipelining 1, in a child process of its own, against the app on this process's main thread, on 127.0.0.1`,
      pinning: options.pinning?.description ?? 'none',
      connections: options.connections,
      rounds,
      seconds: options.seconds,
      baselines: `a set of the open route then one raw verify in front (Authorization read, a node:crypto Ed25519 verify timed on the serving thread), ${options.seconds / 2} s each, before every guarded phase and after the last (${total} sets); each guarded row counted against the mean of the sets just before and after it, the verify row against the open route's median`,
      steadyStateWarmup:
        warmupSeconds > 0 ? `${warmupSeconds} s of guarded load (memory store, every chain in turn), not measured, before the first baseline set` : 'none',
      verifyUs,
      verifyAloneRunsUs: sets.map((s) => s.verifyAloneUs),
      verifyUnderLoadUs,
      open,
      verify: {
        ...verify,
        ...overheads(verify, { openRequestsPerSecond: open.requestsPerSecond, openServerCpuUsPerRequest: open.serverCpuUsPerRequest, verifyUnderLoadUs, verifyAloneUs: verifyUs }),
      },
      guarded: phases.map((p, i) => {
        const comparedWith = comparedWithOf(sets[i]!, sets[i + 1]!)
        return { ...p, signatures: SIGNATURES[p.chain], comparedWith, ...overheads(p.phase, comparedWith) }
      }),
      inProcess,
      valid: open.valid && phases.every((p) => p.phase.valid),
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Load the guard with every chain for `options.seconds` each, through a store of its own, and drop the figures. */
async function steadyStateWarmup(progress: (message: string) => void, service: DID, chains: readonly GuardChain[], options: PhaseOptions): Promise<void> {
  const guard = pingGuard(service, createMemoryStore())
  for (const chain of chains) {
    const target = guardedTarget(`guard: steady-state warm-up, ${chain.kind}`, chain)
    await withApp({ kind: 'guard', guard }, (url) => loadPhase(progress, { ...target, url }, options))
  }
}

/** The in-process rows (guard-in-process.ts), after the HTTP phases, each store new and of its own; none for 0 requests. */
async function inProcessRows(
  progress: (message: string) => void,
  service: DID,
  chains: readonly GuardChain[],
  dataDir: string,
  stores: readonly GuardStoreKind[],
  signatures: readonly RawSignature[],
  options: InProcessOptions,
): Promise<InProcessRow[]> {
  if (options.requests === 0) return []
  const rows: InProcessRow[] = []
  for (const storeKind of stores) {
    await withPingGuard(service, storeKind, join(dataDir, 'in-process.db'), async (guard) => {
      for (const chain of chains) {
        const row = await inProcessRow(guard, storeKind, chain, signatures, options)
        progress(`guard in process: ${chain.kind} depth 3, ${storeKind} store: ${row.rounds.map((r) => `${r.perVerify}×`).join(' / ')} → ${row.perVerify}×`)
        rows.push(row)
      }
    })
  }
  return rows
}
