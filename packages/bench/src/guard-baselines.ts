/**
 * The guard bench's baselines, on the same app, handler, headers (one pool
 * sent round) and load: the open route, and one and two raw verifies in
 * front of it (verify-in-front.ts). Each is run `BASELINE_RUNS` times,
 * (`runs`) interleaved (open, one, two, open, one, two), and counted at the median
 * of its runs: a drift of the machine's load over the run then falls on
 * all alike, and one disturbed run moves the figure by half, not whole.
 * Each run lasts `seconds ÷ BASELINE_RUNS`, so each route is loaded as long
 * as a guarded route in all.
 */
import { PING_BODY, withApp } from './guard-app.js'
import type { PingFront } from './guard-app.js'
import { loadPhase } from './load-phase.js'
import type { PhaseOptions, PhaseResult } from './load-phase.js'
import { median } from './measure.js'
import type { RawSignature } from './ucan1.js'

/** Runs of each baseline by default. */
export const BASELINE_RUNS = 2

/** A baseline route run `BASELINE_RUNS` times. */
export interface RepeatedPhase {
  /** The median of its runs' requests/s (of two: their mean). */
  readonly requestsPerSecond: number
  readonly runs: readonly PhaseResult[]
  /** Every run had only 200s with the body, no error. */
  readonly valid: boolean
}

export interface Baselines {
  /** The route with nothing in front. */
  readonly open: RepeatedPhase
  /** The route with one raw Ed25519 verify in front. */
  readonly verify: RepeatedPhase
  /** The route with two: one verify more than `verify`, under the same load. */
  readonly twoVerifies: RepeatedPhase
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
  const phase = (name: string, front: PingFront, i: number) =>
    withApp(front, (url) =>
      loadPhase(progress, { label: `guard: ${name} (${i}/${runs})`, url, expectBody: PING_BODY, headersFor: async () => [...pool], pool: 'cycle' }, each),
    )
  const open: PhaseResult[] = []
  const verify: PhaseResult[] = []
  const twoVerifies: PhaseResult[] = []
  for (let i = 1; i <= runs; i++) {
    open.push(await phase('open route', { kind: 'open' }, i))
    verify.push(await phase('one raw verify in front', { kind: 'verify', signatures, count: 1 }, i))
    twoVerifies.push(await phase('two raw verifies in front', { kind: 'verify', signatures, count: 2 }, i))
  }
  return { open: repeated(open), verify: repeated(verify), twoVerifies: repeated(twoVerifies) }
}

function repeated(runs: readonly PhaseResult[]): RepeatedPhase {
  return { requestsPerSecond: Number(median(runs.map((r) => r.requestsPerSecond)).toFixed(1)), runs, valid: runs.every((r) => r.valid) }
}
