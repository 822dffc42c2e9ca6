/**
 * The guard under HTTP load (`pnpm bench --guard`, issue 15): `GET
 * /ping/p1` (a small JSON) in Hono behind `@capchain/guard/hono`, with a
 * depth-3 chain (guard-chains.ts) and the guard's state in the memory store
 * or in SQLite (`@capchain/store-sqlite`, a file in a temporary directory),
 * against the same route and handler with nothing in front, in one run.
 *
 * The method is the storage service bench's (service.ts, load-phase.ts):
 * the app on this process's main thread, autocannon in a worker thread,
 * every guarded request a new invocation signed before its phase, the
 * baseline sent the same headers round a pool. The result is the overhead
 * per request (overhead.ts) in raw Ed25519 verifies, one verify measured in
 * the same run (verify-floor.ts), after the load phases.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DID } from '@capchain/core/principal'
import { createGuard } from '@capchain/guard'
import { siweRootFormat } from '@capchain/siwe'
import { createMemoryStore } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { openSqliteStore } from '@capchain/store-sqlite'
import { PING_BODY, pingApp, serve } from './guard-app.js'
import { didKeyPingChain, PING_DOMAIN, siwePingChain } from './guard-chains.js'
import type { GuardChain, GuardChainKind } from './guard-chains.js'
import { fastSigner, seedOf } from './keys.js'
import { loadPhase } from './load-phase.js'
import type { PhaseOptions, PhaseResult } from './load-phase.js'
import type { MeasureOptions } from './measure.js'
import { overheadOf } from './overhead.js'
import type { Overhead } from './overhead.js'
import { measureVerifyUs } from './verify-floor.js'

export type GuardStoreKind = 'memory' | 'sqlite'

export interface GuardBenchOptions extends PhaseOptions {
  readonly chains: readonly GuardChainKind[]
  readonly stores: readonly GuardStoreKind[]
  /** How the raw verify is measured (measure.ts). */
  readonly floor: Omit<MeasureOptions, 'onProgress'>
  readonly onProgress?: (message: string) => void
}

/** One guarded phase: its chain, its store, what it measured and its overhead over the open route. */
export interface GuardedPhase extends Overhead {
  readonly chain: GuardChainKind
  readonly store: GuardStoreKind
  readonly signatures: string
  readonly phase: PhaseResult
}

export interface GuardReport {
  readonly route: string
  readonly loadGenerator: string
  readonly connections: number
  readonly seconds: number
  /** Median µs of one raw node:crypto Ed25519 verify, measured in this run. */
  readonly verifyUs: number
  /** The same route and handler, nothing in front. */
  readonly open: PhaseResult
  readonly guarded: readonly GuardedPhase[]
  /** Every phase had only 200s with the body, no error, no reused invocation. */
  readonly valid: boolean
}

const SIGNATURES: Record<GuardChainKind, string> = {
  siwe: '1 secp256k1 (recovered once, then cached) + 3 Ed25519',
  'did:key': '4 Ed25519',
}

const chainFor = (kind: GuardChainKind, service: DID): Promise<GuardChain> => (kind === 'siwe' ? siwePingChain(service) : didKeyPingChain(service))

/**
 * @throws {Error} a load phase that failed or hung, or a store that could not be opened
 */
export async function runGuardBench(options: GuardBenchOptions): Promise<GuardReport> {
  const progress = options.onProgress ?? (() => undefined)
  const service = fastSigner(seedOf('guard-service')).did()
  const chains = await Promise.all(options.chains.map((kind) => chainFor(kind, service)))
  const dataDir = await mkdtemp(join(tmpdir(), 'capchain-bench-guard-'))
  try {
    const pool = await chains[0]!.headers(2000)
    const open = await withApp(undefined, (url) =>
      loadPhase(progress, { label: 'guard: open route', url, expectBody: PING_BODY, headersFor: async () => pool, pool: 'cycle' }, options),
    )
    const phases: { chain: GuardChainKind; store: GuardStoreKind; phase: PhaseResult }[] = []
    for (const storeKind of options.stores) {
      const store: StateStore = storeKind === 'memory' ? createMemoryStore() : openSqliteStore(join(dataDir, 'state.db'))
      try {
        const guard = createGuard({ service, store, rootFormats: [siweRootFormat({ domains: [PING_DOMAIN] })] })
        for (const chain of chains) {
          const target = { label: `guard: ${chain.kind} depth 3, ${storeKind} store`, expectBody: PING_BODY, headersFor: (n: number) => chain.headers(n), pool: 'fresh' } as const
          const phase = await withApp(guard, (url) => loadPhase(progress, { ...target, url }, options))
          phases.push({ chain: chain.kind, store: storeKind, phase })
        }
      } finally {
        await store.close()
      }
    }
    progress('guard: one raw Ed25519 verify…')
    const verifyUs = await measureVerifyUs(await chains[0]!.invocationSignatures(64), options.floor)
    return {
      route: `GET /ping/:id → ${PING_BODY}, Hono on @hono/node-server`,
      loadGenerator: `autocannon ${options.connections} connections, pipelining 1, in a worker thread of the process whose main thread runs the app, on 127.0.0.1`,
      connections: options.connections,
      seconds: options.seconds,
      verifyUs,
      open,
      guarded: phases.map((p) => ({ ...p, signatures: SIGNATURES[p.chain], ...overheadOf(p.phase.requestsPerSecond, open.requestsPerSecond, verifyUs) })),
      valid: open.valid && phases.every((p) => p.phase.valid),
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Serve the ping app (guarded by `guard`, or open), run `use` on its URL, close it. */
async function withApp<T>(guard: Parameters<typeof pingApp>[0], use: (url: string) => Promise<T>): Promise<T> {
  const app = await serve(pingApp(guard))
  try {
    return await use(app.url)
  } finally {
    await app.close()
  }
}
