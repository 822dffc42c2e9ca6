#!/usr/bin/env node
/**
 * `pnpm bench` entry point.
 *
 *   pnpm bench                 the comparison, as a table (about 2½ minutes)
 *   pnpm bench --json          the same numbers as JSON on stdout (progress on stderr)
 *   pnpm bench --memory        RSS over 1,000,000 warm verifications (a few minutes)
 *   pnpm bench --service       only the storage service's HTTP load test (about 45 s; part of the default run)
 *   pnpm bench --guard         only the HTTP load tests: the storage service's, then the guard's (about 4 minutes;
 *                              part of the default run); --no-service for the guard's alone
 *   pnpm bench --instances     only the storage service on PostgreSQL vs SQLite vs authorization off, one instance
 *                              vs two (about 1½ minutes; part of the default run)
 *
 * Options: --rounds N, --batch-ms N, --depths 1,3,5,10, --quick (a smoke run), --out FILE (also write the JSON),
 * --no-service, --service-seconds N (each load phase, default 10), --connections N (default 10),
 * --service-chains siwe,did:key, --service-store memory (a diagnostic: the service without its SQLite store),
 * --no-guard, --guard-chains siwe,did:key, --guard-stores sqlite,memory, --guard-warmup-seconds N (unmeasured
 * guarded load before the guarded phases, default 12), --guard-rounds N (every guarded phase N times, each between
 * baseline sets of its own; a target is met by the median of its N phases; default 1), --no-instances, --pool-size N (each instance's
 * PostgreSQL pool, default 10; PostgreSQL is embedded unless CAPCHAIN_POSTGRES_URL is set), --no-pin.
 *
 * The storage service's and the guard's load tests pin this process (their server, every thread) to CPU 0 and
 * each load generator to CPU 1, with taskset, when there are two CPUs (pinning.ts); `--no-pin` leaves the
 * scheduler free. The comparison and the instances bench (two servers in this process) run unpinned.
 */
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { IN_PROCESS_REQUESTS, runGuardBench, STEADY_STATE_WARMUP_SECONDS } from './guard.js'
import { runInstancesBench } from './instances.js'
import type { InstancesReport } from './instances.js'
import type { GuardStoreKind } from './guard.js'
import type { GuardChainKind } from './guard-chains.js'
import { measure, median } from './measure.js'
import { runMemory } from './memory.js'
import { withPinning } from './pinning.js'
import type { Pinning } from './pinning.js'
import {
  depthReport,
  guardTargets,
  renderGuardText,
  renderInstancesText,
  renderServiceText,
  renderText,
  serviceOverheads,
  serviceTargets,
  siweReport,
  targets,
} from './report.js'
import type { BenchReport, DepthReport, Gap, GuardLoadReport } from './report.js'
import { capchainCases, infoCases, peerCases } from './scenarios.js'
import type { BenchCase } from './measure.js'
import { runServiceBench } from './service.js'
import type { ChainKind, ServiceReport } from './service.js'
import { siweCases } from './siwe.js'
import { buildChain, principals } from './ucan1.js'
import type { Ucan1Chain } from './ucan1.js'
import { ucantoPrincipals } from './ucanto.js'

interface Args {
  json: boolean
  memory: boolean
  rounds: number
  batchMs: number
  warmupMs: number
  depths: number[]
  out: string | undefined
  verifications: number
  siwe: boolean
  /** `only`: the service load test alone; `with`: after the comparison; `none`: skipped. */
  service: 'only' | 'with' | 'none'
  /** `only`: the load tests alone (the service's unless `--no-service`, then the guard's); `with`: after the service; `none`: skipped. */
  guard: 'only' | 'with' | 'none'
  guardChains: GuardChainKind[]
  guardStores: GuardStoreKind[]
  /** Unmeasured guarded load before the guarded phases (guard.ts `STEADY_STATE_WARMUP_SECONDS`). */
  guardWarmupSeconds: number
  /** Every guarded phase this many times (guard.ts `GuardBenchOptions.rounds`). */
  guardRounds: number
  /** Guarded requests per round of the in-process rows (guard.ts `IN_PROCESS_REQUESTS`); 0 for none. */
  guardInProcessRequests: number
  /** `only`: the instances load test alone; `with`: after the guard's; `none`: skipped. */
  instances: 'only' | 'with' | 'none'
  poolSize: number
  /** Pin the load tests' server and load generators to a CPU each (pinning.ts). */
  pin: boolean
  serviceSeconds: number
  warmupRequests: number
  warmupSeconds: number
  serviceStore: 'sqlite' | 'memory'
  connections: number
  serviceChains: ChainKind[]
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { json: false, memory: false, rounds: 31, batchMs: 80, warmupMs: 300, depths: [1, 3, 5, 10], out: undefined, verifications: 1_000_000, siwe: true,
    service: 'with', serviceSeconds: 10, warmupRequests: 300, warmupSeconds: 2, serviceStore: 'sqlite', connections: 10, serviceChains: ['siwe', 'did:key'],
    guard: 'with', guardChains: ['siwe', 'did:key'], guardStores: ['sqlite', 'memory'], guardWarmupSeconds: STEADY_STATE_WARMUP_SECONDS, guardRounds: 1, guardInProcessRequests: IN_PROCESS_REQUESTS, instances: 'with', poolSize: 10, pin: true }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value`)
      return v
    }
    if (arg === '--') continue
    else if (arg === '--json') args.json = true
    else if (arg === '--memory') args.memory = true
    else if (arg === '--quick') Object.assign(args, { rounds: 3, batchMs: 10, warmupMs: 20, verifications: 20_000, serviceSeconds: 1, warmupRequests: 100, warmupSeconds: 0.5, guardWarmupSeconds: 1 })
    else if (arg === '--rounds') args.rounds = Number(value())
    else if (arg === '--batch-ms') args.batchMs = Number(value())
    else if (arg === '--depths') args.depths = value().split(',').map(Number)
    else if (arg === '--verifications') args.verifications = Number(value())
    else if (arg === '--out') args.out = value()
    else if (arg === '--no-siwe') args.siwe = false
    else if (arg === '--service') args.service = 'only'
    else if (arg === '--no-service') args.service = 'none'
    else if (arg === '--guard') args.guard = 'only'
    else if (arg === '--no-guard') args.guard = 'none'
    else if (arg === '--guard-chains') args.guardChains = value().split(',') as GuardChainKind[]
    else if (arg === '--guard-stores') args.guardStores = value().split(',') as GuardStoreKind[]
    else if (arg === '--guard-warmup-seconds') args.guardWarmupSeconds = Number(value())
    else if (arg === '--guard-rounds') args.guardRounds = Number(value())
    else if (arg === '--guard-in-process-requests') args.guardInProcessRequests = Number(value())
    else if (arg === '--instances') args.instances = 'only'
    else if (arg === '--no-instances') args.instances = 'none'
    else if (arg === '--pool-size') args.poolSize = Number(value())
    else if (arg === '--no-pin') args.pin = false
    else if (arg === '--service-seconds') args.serviceSeconds = Number(value())
    else if (arg === '--service-store') args.serviceStore = value() as 'sqlite' | 'memory'
    else if (arg === '--connections') args.connections = Number(value())
    else if (arg === '--service-chains') args.serviceChains = value().split(',') as ChainKind[]
    else throw new Error(`unknown option ${arg} (see packages/bench/src/cli.ts)`)
  }
  return args
}

const progress = (message: string) => process.stderr.write(`${message}\n`)

async function runComparison(args: Args): Promise<BenchReport> {
  const maxDepth = Math.max(...args.depths, 5) // the context figures use a depth-5 chain
  const p = principals(maxDepth)
  const options = { rounds: args.rounds, batchMs: args.batchMs, warmupMs: args.warmupMs, onProgress: progress }
  const started = Date.now()
  progress(`building chains for depths ${args.depths.join(', ')}…`)
  const chains = new Map<number, Ucan1Chain>()
  for (const depth of args.depths) chains.set(depth, await buildChain(p, depth))

  // capchain first, before any peer code has run: the peers share libraries
  // with capchain (multiformats, cborg, @noble/*), and their calls would
  // change V8's type feedback in code capchain then runs (see docs/performance.md).
  const own: BenchCase[] = []
  for (const depth of args.depths) own.push(...(await capchainCases(depth, p, chains.get(depth)!)))
  if (args.siwe) own.push(...(await siweCases()))
  own.push(...(await infoCases(p)))
  progress(`measuring capchain: ${own.length} cases, ${args.rounds} rounds…`)
  const results = await measure(own, options)

  // Then the peers, on the same chains.
  const up = await ucantoPrincipals(maxDepth)
  const peers: BenchCase[] = []
  for (const depth of args.depths) peers.push(...(await peerCases(depth, p, up, chains.get(depth)!)))
  progress(`measuring the peers: ${peers.length} cases, ${args.rounds} rounds…`)
  results.push(...(await measure(peers, options)))
  progress(`measured in ${((Date.now() - started) / 1000).toFixed(0)} s`)

  // Last, in the same process: the service's HTTP load test (its own ratio, unaffected by the above).
  const { service, guard } = await withPinning(args.pin, async (pinning) => {
    const service = args.service === 'with' ? await runService(args, pinning) : { gap: 'not run (--no-service)' }
    const guard = args.guard === 'with' ? await runGuard(args, service, pinning) : { gap: 'not run (--no-guard)' }
    return { service, guard }
  })
  const instances = args.instances === 'with' ? await runInstances(args) : { gap: 'not run (--no-instances)' }

  const reports: DepthReport[] = args.depths.map((d) => depthReport(d, results))
  const info = Object.fromEntries(
    results.filter((r) => r.id.startsWith('info.')).map((r) => [r.id.slice('info.'.length), Number(median(r.samples).toFixed(2))]),
  )
  return {
    benchmark: 'capchain verifyInvocation vs peers and the signature floor',
    date: new Date().toISOString(),
    environment: environment(),
    method: { rounds: args.rounds, batchMs: args.batchMs, warmupMs: args.warmupMs },
    depths: args.depths,
    ...Object.fromEntries(reports.map((r) => [`depth${r.depth}`, r])),
    siweDepth3: args.siwe ? siweReport(results) : { gap: 'not run (--no-siwe)' },
    service,
    guard,
    instances,
    info,
    targets: [...targets(reports), ...serviceTargets(service), ...guardTargets(guard)],
  } as BenchReport
}

function runService(args: Args, pinning: Pinning): Promise<ServiceReport> {
  return runServiceBench({
    pinning,
    seconds: args.serviceSeconds,
    warmupRequests: args.warmupRequests,
    warmupSeconds: args.warmupSeconds,
    store: args.serviceStore,
    connections: args.connections,
    chains: args.serviceChains,
    onProgress: progress,
  })
}

/** The guard's load test; the storage service's overhead in the same unit when `service` ran in this process. */
async function runGuard(args: Args, service: ServiceReport | Gap, pinning: Pinning): Promise<GuardLoadReport> {
  const guard = await runGuardBench({
    pinning,
    seconds: args.serviceSeconds,
    warmupRequests: args.warmupRequests,
    warmupSeconds: args.warmupSeconds,
    connections: args.connections,
    chains: args.guardChains,
    stores: args.guardStores,
    steadyStateWarmupSeconds: args.guardWarmupSeconds,
    rounds: args.guardRounds,
    inProcessRequests: args.guardInProcessRequests,
    floor: { rounds: args.rounds, batchMs: args.batchMs, warmupMs: args.warmupMs },
    onProgress: progress,
  })
  return { ...guard, storageService: serviceOverheads(service, guard.verifyUs) }
}

function runInstances(args: Args): Promise<InstancesReport> {
  return runInstancesBench({
    seconds: args.serviceSeconds,
    warmupRequests: args.warmupRequests,
    warmupSeconds: args.warmupSeconds,
    connections: args.connections,
    poolSize: args.poolSize,
    floor: { rounds: args.rounds, batchMs: args.batchMs, warmupMs: args.warmupMs },
    onProgress: progress,
  })
}

function environment() {
  const cpu = cpus()
  return { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpu.length, cpuModel: cpu[0]?.model ?? 'unknown' }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.memory) {
    const result = await runMemory(args.verifications, progress)
    const { text, ...numbers } = result
    if (args.out !== undefined) writeFileSync(args.out, `${JSON.stringify(numbers, null, 2)}\n`)
    process.stdout.write(args.json ? `${JSON.stringify(numbers, null, 2)}\n` : `${text}\n`)
    return
  }
  if (args.instances === 'only') {
    const instances = await runInstances(args)
    const report = { benchmark: 'capchain storage service on PostgreSQL, several instances', date: new Date().toISOString(), environment: environment(), instances }
    if (args.out !== undefined) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`)
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderInstancesText(instances).join('\n')}\n`)
    if (!instances.valid) process.exitCode = 1
    return
  }
  if (args.guard === 'only') {
    const { service, guard } = await withPinning(args.pin, async (pinning) => {
      const service = args.service === 'none' ? { gap: 'not run (--no-service)' } : await runService(args, pinning)
      return { service, guard: await runGuard(args, service, pinning) }
    })
    const report = {
      benchmark: 'capchain guard and storage service under HTTP load',
      date: new Date().toISOString(),
      environment: environment(),
      service,
      guard,
      targets: [...serviceTargets(service), ...guardTargets(guard)],
    }
    if (args.out !== undefined) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`)
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${[...renderServiceText(service), '', ...renderGuardText(guard)].join('\n')}\n`)
    if (!guard.valid || ('valid' in service && !service.valid)) process.exitCode = 1
    return
  }
  if (args.service === 'only') {
    const service = await withPinning(args.pin, (pinning) => runService(args, pinning))
    const report = { benchmark: 'capchain storage service under HTTP load', date: new Date().toISOString(), environment: environment(), service, targets: serviceTargets(service) }
    if (args.out !== undefined) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`)
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderServiceText(service).join('\n')}\n`)
    if (!service.valid) process.exitCode = 1
    return
  }
  const report = await runComparison(args)
  if (args.out !== undefined) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`)
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderText(report)}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
