/**
 * The guard bench's baselines, on the same app, handler, headers (one pool
 * sent round) and load: the open route, and one raw verify in front of it,
 * timed on the serving thread (verify-in-front.ts). They run in sets, the
 * open route then the verify route, each for half a phase: one set just
 * before each guarded phase and one after the last (guard.ts), so every
 * guarded phase is compared with the sets on either side of it
 * (overhead.ts `comparedWithOf`). The machine the bench runs on flips
 * between a fast and a slow mode every few tens of seconds, so a baseline
 * run minutes away from a phase measures another machine. That holds for
 * the unit too: each set ends with one raw verify timed alone, once its
 * routes are closed (verify-floor.ts), and a guarded phase is counted in
 * the verifies timed on either side of it.
 */
import { PING_BODY, withApp } from './guard-app.js'
import type { PingFront } from './guard-app.js'
import { loadPhase } from './load-phase.js'
import type { PhaseOptions, PhaseResult } from './load-phase.js'
import { median } from './measure.js'
import type { MeasureOptions } from './measure.js'
import type { RawSignature } from './ucan1.js'
import { measureVerifyUs } from './verify-floor.js'
import { VerifyTimer } from './verify-timer.js'
import type { TimedVerifies } from './verify-timer.js'

/** A baseline route over all its runs, one per set, in the order they ran. */
export interface RepeatedPhase<Run extends PhaseResult = PhaseResult> {
  /** The median of its runs' requests/s. */
  readonly requestsPerSecond: number
  /** The median of its runs' server CPU µs per request. */
  readonly serverCpuUsPerRequest: number
  readonly runs: readonly Run[]
  /** Every run had only 200s with the body, no error. */
  readonly valid: boolean
}

/** A run of the verify route, with the verifies it timed in its timed run (not its warm-ups). */
export interface VerifyRun extends PhaseResult {
  readonly timedVerifies: TimedVerifies
}

/** One set of baselines, run back to back. */
export interface BaselineSet {
  /** The route with nothing in front. */
  readonly open: PhaseResult
  /** The route with one raw Ed25519 verify in front, timed on the serving thread. */
  readonly verify: VerifyRun
  /** Median µs of one raw verify timed alone right after the set's routes (verify-floor.ts). */
  readonly verifyAloneUs: number
}

/** What every baseline set is run with. */
export interface BaselineLoad {
  /** `Authorization` headers sent round: neither route reads the credentials' content, as in the service bench. */
  readonly pool: readonly string[]
  /** The signatures the verify route checks in turn. */
  readonly signatures: readonly RawSignature[]
  /** A guarded phase's options: each route of a set runs for half its `seconds`. */
  readonly options: PhaseOptions
  /** How the set's verify alone is measured (measure.ts). */
  readonly floor: Omit<MeasureOptions, 'onProgress'>
}

/**
 * Set `index` of `total`: the open route, then the verify route, each with a phase's warm-ups and half its timed load.
 *
 * @throws {Error} a load phase that failed or hung (see `loadPhase`)
 */
export async function runBaselineSet(progress: (message: string) => void, load: BaselineLoad, index: number, total: number): Promise<BaselineSet> {
  const each = { ...load.options, seconds: load.options.seconds / 2 }
  const phase = (name: string, front: PingFront, onTimedRun?: () => void) =>
    withApp(front, (url) =>
      loadPhase(progress, { label: `guard: ${name} (set ${index}/${total})`, url, expectBody: PING_BODY, headersFor: async () => [...load.pool], pool: 'cycle', onTimedRun }, each),
    )
  const open = await phase('open route', { kind: 'open' })
  const timer = new VerifyTimer()
  const run = await phase('one raw verify in front', { kind: 'verify', signatures: load.signatures, timer }, () => timer.reset())
  const timedVerifies = timer.read()
  progress(`guard: one raw verify in front (set ${index}/${total}): ${timedVerifies.count} verifies timed on the serving thread, ${timedVerifies.meanUs ?? '—'} µs each`)
  const verifyAloneUs = await measureVerifyUs(load.signatures, load.floor)
  progress(`guard: one raw verify alone (set ${index}/${total}): ${verifyAloneUs} µs`)
  return { open, verify: { ...run, timedVerifies }, verifyAloneUs }
}

/** A baseline route's runs, counted at their median. */
export function repeated<Run extends PhaseResult>(runs: readonly Run[]): RepeatedPhase<Run> {
  return {
    requestsPerSecond: Number(median(runs.map((r) => r.requestsPerSecond)).toFixed(1)),
    serverCpuUsPerRequest: Number(median(runs.map((r) => r.serverCpuUsPerRequest)).toFixed(2)),
    runs,
    valid: runs.every((r) => r.valid),
  }
}
