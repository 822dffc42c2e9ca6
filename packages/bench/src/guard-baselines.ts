/**
 * The guard bench's baselines, on the same app, handler, headers (one pool
 * sent round) and load: the open route, and one raw verify in front of it,
 * timed on the serving thread (verify-in-front.ts). Each is run
 * `BASELINE_RUNS` times (`runs`), interleaved (open, verify, open, verify),
 * and counted at the median of its runs: a drift of the machine's load over
 * the run then falls on both alike, and one disturbed run moves the figure
 * by half, not whole. Each run lasts `seconds ÷ BASELINE_RUNS`, so each
 * route is loaded as long as a guarded route in all.
 */
import { PING_BODY, withApp } from './guard-app.js'
import type { PingFront } from './guard-app.js'
import { loadPhase } from './load-phase.js'
import type { PhaseOptions, PhaseResult } from './load-phase.js'
import { median } from './measure.js'
import type { RawSignature } from './ucan1.js'
import { VerifyTimer } from './verify-timer.js'
import type { TimedVerifies } from './verify-timer.js'

/** Runs of each baseline by default. */
export const BASELINE_RUNS = 2

/** A baseline route run `BASELINE_RUNS` times. */
export interface RepeatedPhase<Run extends PhaseResult = PhaseResult> {
  /** The median of its runs' requests/s (of two: their mean). */
  readonly requestsPerSecond: number
  readonly runs: readonly Run[]
  /** Every run had only 200s with the body, no error. */
  readonly valid: boolean
}

/** A run of the verify route, with the verifies it timed in its timed run (not its warm-ups). */
export interface VerifyRun extends PhaseResult {
  readonly timedVerifies: TimedVerifies
}

export interface Baselines {
  /** The route with nothing in front. */
  readonly open: RepeatedPhase
  /** The route with one raw Ed25519 verify in front, timed on the serving thread. */
  readonly verify: RepeatedPhase<VerifyRun>
}

/**
 * @throws {Error} a load phase that failed or hung (see `loadPhase`)
 */
export async function runBaselines(
  progress: (message: string) => void,
  pool: readonly string[],
  signatures: readonly RawSignature[],
  options: PhaseOptions,
  runs: number = BASELINE_RUNS,
): Promise<Baselines> {
  const each = { ...options, seconds: options.seconds / runs }
  // Neither route reads the credentials' content: the same headers go round, as in the service bench.
  const phase = (name: string, front: PingFront, i: number, onTimedRun?: () => void) =>
    withApp(front, (url) =>
      loadPhase(progress, { label: `guard: ${name} (${i}/${runs})`, url, expectBody: PING_BODY, headersFor: async () => [...pool], pool: 'cycle', onTimedRun }, each),
    )
  const open: PhaseResult[] = []
  const verify: VerifyRun[] = []
  for (let i = 1; i <= runs; i++) {
    open.push(await phase('open route', { kind: 'open' }, i))
    const timer = new VerifyTimer()
    const run = await phase('one raw verify in front', { kind: 'verify', signatures, timer }, i, () => timer.reset())
    const timedVerifies = timer.read()
    progress(`guard: one raw verify in front (${i}/${runs}): ${timedVerifies.count} verifies timed on the serving thread, ${timedVerifies.meanUs ?? '—'} µs each`)
    verify.push({ ...run, timedVerifies })
  }
  return { open: repeated(open), verify: repeated(verify) }
}

function repeated<Run extends PhaseResult>(runs: readonly Run[]): RepeatedPhase<Run> {
  return { requestsPerSecond: Number(median(runs.map((r) => r.requestsPerSecond)).toFixed(1)), runs, valid: runs.every((r) => r.valid) }
}
