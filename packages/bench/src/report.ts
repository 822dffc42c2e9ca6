/**
 * Medians and ratios, as a table for people and as JSON with the same numbers.
 */
import type { GuardReport } from './guard.js'
import type { InstancesReport } from './instances.js'
import type { PhaseResult } from './load-phase.js'
import type { CaseResult } from './measure.js'
import { median, quantile } from './measure.js'
import { overheadOf } from './overhead.js'
import type { CpuOverhead, Overhead } from './overhead.js'
import { CASES } from './scenarios.js'
import type { ServiceReport } from './service.js'
import { SIWE_CASES } from './siwe.js'
import type { CaseName } from './scenarios.js'

export interface DepthReport {
  readonly depth: number
  /** Signatures in the chain and its invocation (depth + 1): what a cold verification checks. */
  readonly signatures: number
  /** Median microseconds per operation (per invocation verified, or per floor unit). */
  readonly medianUs: Readonly<Record<CaseName, number>>
  /** Interquartile range of the per-round samples, microseconds. */
  readonly iqrUs: Readonly<Record<CaseName, readonly [number, number]>>
  /** Warm cost per invocation ÷ one raw Ed25519 verify. Target ≤ 1.25 at depth 5. */
  readonly warmPerOneVerify: number
  /** Cold cost ÷ the raw verifies of all its signatures. Target ≤ 1.3 at depth 5. */
  readonly coldPerSignatureSum: number
  /** Peer time ÷ capchain time: bigger is better. */
  readonly vsUcantoCold: number
  readonly vsUcantoWarm: number
  readonly vsIsoUcanCold: number
  readonly vsIsoUcanWarm: number
}

export interface Gap {
  readonly gap: string
}

/** The SIWE-rooted depth-3 chain against its floor (no peer has a SIWE root). */
export interface SiweReport {
  readonly signatures: '1 secp256k1 (recovered once, then cached) + 3 Ed25519'
  readonly medianUs: Readonly<Record<(typeof SIWE_CASES)[number], number>>
  readonly iqrUs: Readonly<Record<(typeof SIWE_CASES)[number], readonly [number, number]>>
  /** Warm cost ÷ one raw Ed25519 verify: the root's EOA verdict is cached by its format, its time bounds checked every time. */
  readonly warmPerFloor: number
  /** Cold cost ÷ (three raw Ed25519 verifies + one secp256k1 recovery). */
  readonly coldPerFloor: number
}

export interface TargetCheck {
  readonly target: string
  readonly value: number
  readonly met: boolean
}

export interface BenchReport {
  readonly benchmark: 'capchain verifyInvocation vs peers and the signature floor'
  readonly date: string
  readonly environment: { readonly node: string; readonly platform: string; readonly cpus: number; readonly cpuModel: string }
  readonly method: { readonly rounds: number; readonly batchMs: number; readonly warmupMs: number }
  readonly depths: readonly number[]
  readonly [depthKey: `depth${number}`]: DepthReport
  readonly siweDepth3: SiweReport | Gap
  readonly service: ServiceReport | Gap
  readonly guard: GuardLoadReport | Gap
  readonly instances: InstancesReport | Gap
  readonly info: Readonly<Record<string, number>>
  readonly targets: readonly TargetCheck[]
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits))

export function depthReport(depth: number, results: readonly CaseResult[]): DepthReport {
  const byName = (name: CaseName) => {
    const result = results.find((r) => r.id === `d${depth}.${name}`)
    if (result === undefined) throw new Error(`no result for d${depth}.${name}`)
    return result.samples
  }
  const medianUs = Object.fromEntries(CASES.map((name) => [name, round(median(byName(name)), 1)])) as Record<CaseName, number>
  const iqrUs = Object.fromEntries(
    CASES.map((name) => [name, [round(quantile(byName(name), 0.25), 1), round(quantile(byName(name), 0.75), 1)] as const]),
  ) as Record<CaseName, readonly [number, number]>
  const m = medianUs
  return {
    depth,
    signatures: depth + 1,
    medianUs,
    iqrUs,
    warmPerOneVerify: round(m['capchain.warm'] / m['floor.one'], 3),
    coldPerSignatureSum: round(m['capchain.cold'] / m['floor.sum'], 3),
    vsUcantoCold: round(m['ucanto.cold'] / m['capchain.cold'], 1),
    vsUcantoWarm: round(m['ucanto.warm'] / m['capchain.warm'], 1),
    vsIsoUcanCold: round(m['iso.cold'] / m['capchain.cold'], 1),
    vsIsoUcanWarm: round(m['iso.warm'] / m['capchain.warm'], 1),
  }
}

export function siweReport(results: readonly CaseResult[]): SiweReport {
  const samples = (name: string) => {
    const result = results.find((r) => r.id === `siwe3.${name}`)
    if (result === undefined) throw new Error(`no result for siwe3.${name}`)
    return result.samples
  }
  const medianUs = Object.fromEntries(SIWE_CASES.map((n) => [n, round(median(samples(n)), 1)])) as Record<(typeof SIWE_CASES)[number], number>
  const iqrUs = Object.fromEntries(
    SIWE_CASES.map((n) => [n, [round(quantile(samples(n), 0.25), 1), round(quantile(samples(n), 0.75), 1)] as const]),
  ) as Record<(typeof SIWE_CASES)[number], readonly [number, number]>
  return {
    signatures: '1 secp256k1 (recovered once, then cached) + 3 Ed25519',
    medianUs,
    iqrUs,
    warmPerFloor: round(medianUs['capchain.warm'] / medianUs['floor.warm'], 3),
    coldPerFloor: round(medianUs['capchain.cold'] / medianUs['floor.cold'], 3),
  }
}

export function targets(reports: readonly DepthReport[]): TargetCheck[] {
  const checks: TargetCheck[] = []
  const d5 = reports.find((r) => r.depth === 5)
  if (d5 !== undefined) {
    checks.push(
      { target: 'depth 5 warm ≤ 1.25 × one raw Ed25519 verify', value: d5.warmPerOneVerify, met: d5.warmPerOneVerify <= 1.25 },
      { target: 'depth 5 cold ≤ 1.3 × its raw signature verifies', value: d5.coldPerSignatureSum, met: d5.coldPerSignatureSum <= 1.3 },
      { target: 'depth 5 ≥ 10× faster than ucanto access, cold', value: d5.vsUcantoCold, met: d5.vsUcantoCold >= 10 },
      { target: 'depth 5 ≥ 50× faster than ucanto access, warm', value: d5.vsUcantoWarm, met: d5.vsUcantoWarm >= 50 },
    )
  }
  for (const r of reports) {
    checks.push(
      { target: `depth ${r.depth} faster than iso-ucan, cold`, value: r.vsIsoUcanCold, met: r.vsIsoUcanCold > 1 },
      { target: `depth ${r.depth} faster than iso-ucan, warm`, value: r.vsIsoUcanWarm, met: r.vsIsoUcanWarm > 1 },
    )
  }
  return checks
}

/** Service with authorization ≥ 0.7 × the requests/s of the same route without it, per chain measured. */
export function serviceTargets(service: ServiceReport | Gap): TargetCheck[] {
  if ('gap' in service) return []
  return Object.entries(service.authorized).map(([kind, r]) => ({
    target: `service, ${kind} depth 3: ≥ 0.7 × the requests/s without authorization${service.valid ? '' : ' (INVALID RUN: non-200 responses or errors)'}`,
    value: r.ratio,
    met: service.valid && r.ratio >= 0.7,
  }))
}

export function renderServiceText(service: ServiceReport | Gap): string[] {
  if ('gap' in service) return [`Storage service HTTP load test: ${service.gap}`]
  const row = (label: string, r: ServiceReport['unauthorized'], ratio: string) => [
    label,
    r.requestsPerSecond.toFixed(0),
    ratio,
    us(r.serverCpuUsPerRequest),
    us(r.serverGcUsPerRequest),
    r.serverUtilization.toFixed(2),
    String(r.latencyMs.p50),
    String(r.latencyMs.p99),
    String(r.responses),
    statuses(r),
  ]
  return [
    `Storage service: ${service.route}; ${service.seconds} s per phase`,
    `  load: ${service.loadGenerator}`,
    `  pinning: ${service.pinning}`,
    '  CPU µs/request: the service\'s process, all its threads, per response; of which GC: garbage collection; busy: that CPU time ÷ the wall time',
    table(
      ['route', 'requests/s', '÷ no auth', 'CPU µs/request', 'of which GC', 'busy', 'p50 ms', 'p99 ms', 'responses', 'statuses'],
      [
        row('authorization off', service.unauthorized, '1'),
        ...Object.entries(service.authorized).map(([kind, r]) => row(`${kind} depth 3 (${r.signatures})`, r, times(r.ratio))),
      ],
    ),
    service.valid ? '  every response a 200 with the file; no invocation sent twice' : '  INVALID RUN: some responses were not 200 with the file (see statuses)',
  ]
}

/** The storage service on PostgreSQL, one instance and two, against SQLite and authorization off (issue 16). */
export function renderInstancesText(report: InstancesReport | Gap): string[] {
  if ('gap' in report) return [`Storage service on PostgreSQL, several instances: ${report.gap}`]
  return [
    `Storage service on PostgreSQL, several instances: ${report.route}; ${report.seconds} s per phase; one raw Ed25519 verify ${us(report.verifyUs)} µs (this run)`,
    `  load: ${report.loadGenerator}`,
    `  state: ${report.postgres}`,
    table(
      ['setup', 'instances', 'requests/s', '÷ no auth', 'p50 ms', 'p99 ms', 'overhead (raw verifies)', 'statuses'],
      report.phases.map((phase) => [
        phase.setup,
        String(phase.instances),
        phase.requestsPerSecond.toFixed(0),
        times(phase.ratio),
        phase.latencyMs.map((l) => l.p50).join(' / '),
        phase.latencyMs.map((l) => l.p99).join(' / '),
        phase.overhead === undefined ? '—' : `${phase.overhead.overheadMs} ms = ${phase.overhead.perVerify}`,
        phase.phases.map(statuses).join(' / '),
      ]),
    ),
    report.valid ? '  every response a 200 with the file; no invocation sent twice' : '  INVALID RUN: some responses were not 200 with the file (see statuses)',
    `  ${report.caveat}`,
  ]
}

/** Guarded route under load ≤ 2.5 raw Ed25519 verifies of overhead per request, per chain and store (issue 15). */
export const GUARD_TARGET = 2.5

/** The guard's load test, and the storage service's overhead in the same unit when it ran in the same process. */
export interface GuardLoadReport extends GuardReport {
  readonly storageService: Readonly<Partial<Record<string, Overhead>>> | Gap
}

/** The storage service's authorized phases as overheads over its open route, in `verifyUs` units. */
export function serviceOverheads(service: ServiceReport | Gap, verifyUs: number): GuardLoadReport['storageService'] {
  if ('gap' in service) return { gap: `storage service not run in this process (${service.gap})` }
  return Object.fromEntries(
    Object.entries(service.authorized).map(([kind, r]) => [kind, overheadOf(r.requestsPerSecond, service.unauthorized.requestsPerSecond, verifyUs)]),
  )
}

/** One target per chain and store: over several rounds, the median of its phases (each listed), so that one drifting phase does not decide. */
export function guardTargets(guard: GuardLoadReport | Gap): TargetCheck[] {
  if ('gap' in guard) return []
  const rows = new Map<string, number[]>()
  for (const g of guard.guarded) {
    const row = `${g.chain} depth 3, ${g.store} store`
    rows.set(row, [...(rows.get(row) ?? []), g.perVerify])
  }
  return [...rows].map(([row, values]) => {
    const value = values.length === 1 ? values[0]! : Number(median(values).toFixed(2))
    const rounds = values.length === 1 ? '' : ` (median of ${values.length} rounds: ${values.map(times).join(' / ')})`
    return {
      target: `guard, ${row}: overhead ≤ ${GUARD_TARGET} raw Ed25519 verifies per request${rounds}${guard.valid ? '' : ' (INVALID RUN: non-200 responses or errors)'}`,
      value,
      met: guard.valid && value <= GUARD_TARGET,
    }
  })
}

export function renderGuardText(guard: GuardLoadReport | Gap): string[] {
  if ('gap' in guard) return [`Guard HTTP load test: ${guard.gap}`]
  // A baseline's runs are listed side by side in the order they ran, its requests/s and CPU (the medians) first.
  const row = (label: string, phase: Pick<PhaseResult, 'requestsPerSecond' | 'serverCpuUsPerRequest'>, runs: readonly PhaseResult[], overhead?: GuardedFigures) => [
    label,
    runs.length > 1 ? `${phase.requestsPerSecond.toFixed(0)} (${runs.map((r) => r.requestsPerSecond.toFixed(0)).join(' / ')})` : phase.requestsPerSecond.toFixed(0),
    (1000 / phase.requestsPerSecond).toFixed(3),
    overhead === undefined ? '' : overhead.overheadMs.toFixed(3),
    overhead === undefined ? '' : times(overhead.perVerify),
    overhead === undefined || overhead.perVerifyUnderLoad === null ? '' : times(overhead.perVerifyUnderLoad),
    runs.length > 1 ? `${us(phase.serverCpuUsPerRequest)} (${runs.map((r) => us(r.serverCpuUsPerRequest)).join(' / ')})` : us(phase.serverCpuUsPerRequest),
    runs.map((r) => us(r.serverGcUsPerRequest)).join(' / '),
    runs.map((r) => r.serverUtilization.toFixed(2)).join(' / '),
    overhead === undefined ? '' : times(overhead.byCpu.perVerify),
    runs.map((r) => r.latencyMs.p50).join(' / '),
    runs.map((r) => r.latencyMs.p99).join(' / '),
    runs.map(statuses).join(' / '),
  ]
  const service = guard.storageService
  const underLoad = guard.verifyUnderLoadUs
  const timed = guard.verify.runs.map((r) => (r.timedVerifies.meanUs === null ? '—' : us(r.timedVerifies.meanUs))).join(' / ')
  return [
    `Guard: ${guard.route}; ${guard.seconds} s per phase; overhead ms ÷ one raw Ed25519 verify: ÷ 1 verify by one timed alone at the end of each baseline set (median ${us(guard.verifyUs)} µs; each guarded row by the mean of the two on either side of it), ÷ 1 verify under load (timed on the serving thread in the one-verify route, under the same load; its runs ${timed} µs) by the mean of the runs just before and after each guarded row, for the one-verify row by ${
      typeof underLoad === 'number' ? `their median, ${us(underLoad)} µs` : `— ${underLoad.gap}`
    }`,
    `  by CPU: the serving process's CPU time per response (all its threads; the load generator is a process of its own), over the open runs' on either side (the verify row: their median), ÷ 1 verify alone; of which GC: the garbage collection in it, per response; busy: that CPU time ÷ the timed run's wall time (near 1, the route set the pace)`,
    `  load: ${guard.loadGenerator}`,
    `  pinning: ${guard.pinning}`,
    `  baselines: ${guard.baselines}`,
    `  guarded phases after: ${guard.steadyStateWarmup}`,
    table(
      ['route', 'requests/s', 'ms/request', 'overhead ms', '÷ 1 verify', '÷ 1 verify under load', 'CPU µs/request', 'of which GC', 'busy', '÷ 1 verify by CPU', 'p50 ms', 'p99 ms', 'statuses'],
      [
        row('open (nothing in front)', guard.open, guard.open.runs),
        row('one raw verify in front', guard.verify, guard.verify.runs, guard.verify),
        ...guard.guarded.map((g) => row(`${g.chain} depth 3, ${g.store} store${guard.rounds > 1 ? `, round ${g.round}` : ''}`, g.phase, [g.phase], g)),
      ],
    ),
    guard.valid ? '  every response a 200 with the body; no invocation sent twice' : '  INVALID RUN: some responses were not 200 with the body (see statuses)',
    ...inProcessLines(guard),
    'gap' in service
      ? `  ${service.gap}`
      : `  storage service, same unit: ${Object.entries(service).map(([kind, o]) => `${kind} ${o!.overheadMs.toFixed(3)} ms = ${times(o!.perVerify)}`).join(', ')}`,
  ]
}

/** The in-process rows (guard-in-process.ts): not the target, the guard's own cost without HTTP. */
function inProcessLines(guard: GuardLoadReport): string[] {
  if (guard.inProcess.length === 0) return []
  return [
    '  in process (Hono app.fetch, no HTTP; not the target): CPU µs per request, the guarded app over the open one, ÷ 1 verify timed alone after each round:',
    ...guard.inProcess.map(
      (row) =>
        `    ${row.chain} depth 3, ${row.store} store: ${times(row.perVerify)} (rounds ${row.rounds.map((r) => `${r.guardedCpuUs} − ${r.openCpuUs} µs ÷ ${r.verifyUs} µs = ${times(r.perVerify)}`).join('; ')})`,
    ),
  ]
}

/** A guarded or one-verify row's overheads. */
type GuardedFigures = Overhead & { readonly perVerifyUnderLoad: number | null; readonly byCpu: CpuOverhead }

function statuses(r: PhaseResult): string {
  const errors = r.errors + r.timeouts + r.mismatches + r.reusedFreshHeaders
  const codes = Object.entries(r.statusCodes).map(([code, n]) => `${code}×${n}`).join(' ')
  return codes + (errors > 0 ? ` errors ${r.errors} timeouts ${r.timeouts} mismatches ${r.mismatches} replays ${r.reusedFreshHeaders}` : '')
}

const INFO_LABELS: Record<string, string> = {
  'info.core-ed25519-verify': 'core Ed25519Verifier.verify (pre-checks + node:crypto)',
  'info.decode-invocation-d5': 'decode one depth-5 invocation (hash, strict DAG-CBOR, fields)',
  'info.hash-proofs-d5': 'sha2-256 of the 5 proofs of a depth-5 chain',
  'info.new-did-key': 'first use of a new did:key (parse, subgroup check)',
}

function siweLines(siwe: SiweReport | Gap): string[] {
  if ('gap' in siwe) return ['SIWE-rooted depth-3 chain: not measured', `  ${siwe.gap}`]
  const m = siwe.medianUs
  return [
    'SIWE-rooted depth 3 (time re-checked on every call, its EOA verdict cached by the root format; no peer has a SIWE root), median µs',
    table(
      ['', 'floor', 'capchain', 'capchain ÷ floor'],
      [
        ['warm (floor: 1 Ed25519; root verdict cached)', us(m['floor.warm']), us(m['capchain.warm']), times(siwe.warmPerFloor)],
        ['cold (floor: 3 Ed25519 + 1 secp256k1 recovery)', us(m['floor.cold']), us(m['capchain.cold']), times(siwe.coldPerFloor)],
      ],
    ),
  ]
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

const us = (x: number) => (x >= 10_000 ? x.toFixed(0) : x >= 100 ? x.toFixed(1) : x.toFixed(2))
const times = (x: number) => `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`

export function renderText(report: BenchReport): string {
  const reports = report.depths.map((d) => report[`depth${d}`] as DepthReport)
  const out: string[] = []
  const env = report.environment
  out.push(
    `capchain verifyInvocation vs ucanto, iso-ucan and the signature floor — ${report.date}`,
    `node ${env.node}, ${env.platform}, ${env.cpus} cpus (${env.cpuModel}); median of ${report.method.rounds} interleaved rounds, ~${report.method.batchMs} ms batches`,
    '',
    'Median µs per invocation verified (floor: per raw node:crypto Ed25519 verify / per all the chain\'s signatures)',
    table(
      ['depth', 'sigs', 'floor 1 sig', 'floor all sigs', 'capchain cold', 'capchain warm', 'iso-ucan cold', 'iso-ucan warm', 'ucanto cold', 'ucanto warm'],
      reports.map((r) => [
        String(r.depth),
        String(r.signatures),
        ...(['floor.one', 'floor.sum', 'capchain.cold', 'capchain.warm', 'iso.cold', 'iso.warm', 'ucanto.cold', 'ucanto.warm'] as const).map((c) =>
          us(r.medianUs[c]),
        ),
      ]),
    ),
    '',
    'Ratios (capchain ÷ floor: smaller is better; peer ÷ capchain: bigger is better)',
    table(
      ['depth', 'warm ÷ 1 verify', 'cold ÷ sig sum', 'vs ucanto cold', 'vs ucanto warm', 'vs iso-ucan cold', 'vs iso-ucan warm'],
      reports.map((r) => [
        String(r.depth),
        times(r.warmPerOneVerify),
        times(r.coldPerSignatureSum),
        times(r.vsUcantoCold),
        times(r.vsUcantoWarm),
        times(r.vsIsoUcanCold),
        times(r.vsIsoUcanWarm),
      ]),
    ),
    '',
    'Targets',
    ...report.targets.map((t) => `  ${t.met ? 'met   ' : 'MISSED'}  ${t.target}: ${times(t.value)}`),
    '',
    'Context (median µs)',
    ...Object.entries(report.info).map(([k, v]) => `  ${(INFO_LABELS[`info.${k}`] ?? k).padEnd(66)} ${us(v)}`),
    '',
    ...siweLines(report.siweDepth3),
    '',
    ...renderServiceText(report.service),
    '',
    ...renderGuardText(report.guard),
    '',
    ...renderInstancesText(report.instances),
  )
  return out.join('\n')
}
