/**
 * The storage service on PostgreSQL, one instance and two (`pnpm bench
 * --instances`, issue 16): `GET /files/bench/small.txt` with the depth-3
 * SIWE chain, each instance a worker thread of this process (its own event
 * loop), in one run:
 *
 * - authorization off (the baseline, the same route and file-serving code);
 * - the SQLite store (the default deployment, one instance);
 * - the PostgreSQL store, one instance;
 * - the PostgreSQL store, two instances sharing the database, the key and
 *   the files directory, the load split evenly over them (two load
 *   generators, half the connections each).
 *
 * Every instance serves the same files directory and the same key; every
 * authorized request is a new invocation, signed before its phase. The
 * overhead of the one-instance phases is in raw Ed25519 verifies
 * (overhead.ts), one verify measured in the same run.
 *
 * What two cores shared with the load generator cannot show: scaling. Two
 * instances, two autocannon processes, PostgreSQL's backends and this
 * process's main thread all compete for the same two cores (nothing is
 * pinned: each instance must have a core to run on), so "two
 * instances" measures contention, not capacity; the figure that carries is
 * the per-request cost of the PostgreSQL store against SQLite's (its round
 * trips, on loopback), and that every request was answered correctly
 * across instances.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadOrCreateServiceKey } from '@capchain/storage-service'
import { siwePingChain } from './guard-chains.js'
import { fastSigner, seedOf } from './keys.js'
import { startBenchInstance } from './instance.js'
import type { BenchInstance, InstanceRequest } from './instance.js'
import { loadPhase } from './load-phase.js'
import type { PhaseOptions, PhaseResult } from './load-phase.js'
import type { MeasureOptions } from './measure.js'
import { overheadOf } from './overhead.js'
import type { Overhead } from './overhead.js'
import { startBenchPostgres } from './postgres.js'
import { FILE_CONTENT, FILE_PATH, FILE_BYTES, fileUrl, siweChain, uploadFile } from './service.js'
import type { ServiceChain } from './service.js'
import { measureVerifyUs } from './verify-floor.js'

/** The SIWE domain every instance accepts, as behind a load balancer. */
const DOMAIN = 'bench.capchain.test'

export interface InstancesBenchOptions extends PhaseOptions {
  /** Connections of each instance's PostgreSQL pool. */
  readonly poolSize: number
  /** Which setups, in this order; the first must not be `off` (it uploads the file) and `off` must be among them. Default all four. */
  readonly setups?: readonly InstancesSetup[]
  /** How the raw verify is measured (measure.ts). */
  readonly floor: Omit<MeasureOptions, 'onProgress'>
  readonly onProgress?: (message: string) => void
}

export type InstancesSetup = 'off' | 'sqlite' | 'postgres' | 'postgres×2'

/** SQLite first, as the default deployment; its instance uploads the file. */
export const SETUPS: readonly InstancesSetup[] = ['sqlite', 'off', 'postgres', 'postgres×2']

const SETUP_INSTANCES: Readonly<Record<InstancesSetup, readonly [InstanceRequest['store'], number]>> = {
  off: ['off', 1],
  sqlite: ['sqlite', 1],
  postgres: ['postgres', 1],
  'postgres×2': ['postgres', 2],
}

export interface InstancesPhase {
  readonly setup: InstancesSetup
  readonly instances: number
  /** Sum over the instances. */
  readonly requestsPerSecond: number
  /** Per instance, in order. */
  readonly latencyMs: readonly { readonly p50: number; readonly p99: number }[]
  /** requests/s ÷ authorization off's. */
  readonly ratio: number
  /** One instance only: the overhead per request in raw Ed25519 verifies (with two, the serving threads overlap). */
  readonly overhead?: Overhead
  readonly phases: readonly PhaseResult[]
  readonly valid: boolean
}

export interface InstancesReport {
  readonly route: string
  readonly loadGenerator: string
  readonly postgres: string
  readonly seconds: number
  readonly verifyUs: number
  readonly phases: readonly InstancesPhase[]
  readonly valid: boolean
  /** What two cores shared with the load generator can and cannot show. */
  readonly caveat: string
}

export const INSTANCES_CAVEAT =
  'Every instance, every load generator, PostgreSQL and this process share the machine\'s cores: with two cores, "two instances" measures contention, not capacity, and says nothing of how the service scales on machines of its own. What carries: the per-request cost of the PostgreSQL store against SQLite\'s on loopback, and that every answer was right across instances.'

/**
 * @throws {Error} PostgreSQL or an instance could not start, a load phase failed or hung, or `setups` starts with `off` or lacks it
 */
export async function runInstancesBench(options: InstancesBenchOptions): Promise<InstancesReport> {
  const progress = options.onProgress ?? (() => undefined)
  const setups = options.setups ?? SETUPS
  if (setups[0] === 'off' || !setups.includes('off')) throw new Error('the instances bench needs an authorized setup first and off among its setups')
  const dir = await mkdtemp(join(tmpdir(), 'capchain-bench-instances-'))
  progress('instances: starting PostgreSQL…')
  const postgres = await startBenchPostgres()
  try {
    const keyFile = join(dir, 'service.key')
    const did = (await loadOrCreateServiceKey(keyFile)).did()
    const chain = await siweChain({ did, port: 0, domain: DOMAIN })
    let n = 0
    const base = (store: InstanceRequest['store']): InstanceRequest => ({
      dataDir: join(dir, `instance-${n++}`),
      filesDir: join(dir, 'files'),
      keyFile,
      store,
      storeUrl: postgres.url,
      poolSize: options.poolSize,
      domain: DOMAIN,
      subject: chain.subject,
    })
    const measured: Omit<InstancesPhase, 'ratio' | 'overhead'>[] = []
    for (const setup of setups) {
      const [store, count] = SETUP_INSTANCES[setup]
      const instances = await Promise.all(Array.from({ length: count }, () => startBenchInstance(base(store))))
      try {
        // The first instance uploads the file every later one serves from the shared directory.
        if (measured.length === 0) await uploadFile(instances[0]!, chain)
        measured.push(await phaseOf(setup, instances, chain, options, progress))
      } finally {
        await Promise.all(instances.map((instance) => instance.close()))
      }
    }
    progress('instances: one raw Ed25519 verify…')
    const verifyUs = await measureVerifyUs(await (await siwePingChain(did)).invocationSignatures(64), options.floor)
    const off = measured.find((phase) => phase.setup === 'off')!.requestsPerSecond
    const phases = measured.map((phase) => ({
      ...phase,
      ratio: Number((phase.requestsPerSecond / off).toFixed(3)),
      ...(phase.instances === 1 && phase.setup !== 'off' ? { overhead: overheadOf(phase.requestsPerSecond, off, verifyUs) } : {}),
    }))
    return {
      route: `GET /files${FILE_PATH} (${FILE_BYTES} bytes), SIWE chain of depth 3, each instance a worker thread`,
      loadGenerator: `autocannon, ${options.connections} connections in all (split evenly over the instances), pipelining 1, one child process per instance, on 127.0.0.1`,
      postgres: `${postgres.kind === 'embedded' ? 'embedded PostgreSQL on 127.0.0.1 (durable commits)' : 'the server at CAPCHAIN_POSTGRES_URL'}, a pool of ${options.poolSize} per instance`,
      seconds: options.seconds,
      verifyUs,
      phases,
      valid: phases.every((phase) => phase.valid),
      caveat: INSTANCES_CAVEAT,
    }
  } finally {
    await postgres.dispose()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Load every instance at once, each with its share of the connections and fresh invocations of its own. */
async function phaseOf(
  setup: InstancesSetup,
  instances: readonly BenchInstance[],
  chain: ServiceChain,
  options: InstancesBenchOptions,
  progress: (message: string) => void,
): Promise<Omit<InstancesPhase, 'ratio' | 'overhead'>> {
  const connections = Math.max(1, Math.floor(options.connections / instances.length))
  // The baseline never reads credentials: the same headers go round a pool, as in the service bench.
  const pool = setup === 'off' ? await chain.readHeaders(2000) : undefined
  const phases = await Promise.all(
    instances.map((instance, i) =>
      loadPhase(
        progress,
        {
          label: `instances: ${setup}${instances.length > 1 ? ` #${i + 1}` : ''}`,
          url: fileUrl(instance),
          expectBody: FILE_CONTENT,
          headersFor: pool === undefined ? (count) => chain.readHeaders(count) : async () => pool,
          pool: pool === undefined ? 'fresh' : 'cycle',
        },
        { ...options, connections },
      ),
    ),
  )
  return {
    setup,
    instances: instances.length,
    requestsPerSecond: Number(phases.reduce((sum, phase) => sum + phase.requestsPerSecond, 0).toFixed(1)),
    latencyMs: phases.map((phase) => ({ p50: phase.latencyMs.p50, p99: phase.latencyMs.p99 })),
    phases,
    valid: phases.every((phase) => phase.valid),
  }
}
