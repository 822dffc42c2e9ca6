/**
 * One measured phase of an HTTP load test (the storage service's, the
 * guard's): a warm-up of a fixed number of requests, then a short timed one
 * whose rate sizes the pool of fresh invocations, then the timed phase.
 * Every request carries a new invocation (a service executes one at most
 * once), signed before the phase: signing is the client's cost.
 *
 * Each run's load generator is a process of its own (service-load.ts),
 * pinned to the CPU the caller says (`pinning`); the service is in this
 * process. The result has the generator's figures (requests/s, latency,
 * statuses) and this process's CPU time during the timed run, per
 * response, and its utilization: near 1, the service set the pace.
 */
import type { Pinning } from './pinning.js'
import { loadIsValid, runLoad } from './service-load.js'
import type { LoadResult } from './service-load.js'

export interface PhaseOptions {
  /** Each measured phase. */
  readonly seconds: number
  /** The warm-up before each phase (fresh invocations too): this many requests, then this long (its rate sizes the pool); 0 for none. */
  readonly warmupRequests: number
  readonly warmupSeconds: number
  readonly connections: number
  /**
   * The timed run sends this many requests instead of lasting `seconds`: for a test of the bench, which
   * measures nothing (a few requests are over before the machine settles).
   */
  readonly timedRequests?: number
  /** Where the load generators run (pinning.ts); none pinned without it. */
  readonly pinning?: Pinning
}

export interface PhaseResult extends LoadResult {
  /** The warm-up's requests/s (with the same checks). */
  readonly warmupRequestsPerSecond: number
  readonly valid: boolean
}

/** What one phase loads: `GET url`, answered with exactly `expectBody`. */
export interface PhaseTarget {
  readonly label: string
  readonly url: string
  readonly expectBody: string
  /** `count` `Authorization` headers: new invocations (`fresh`), or a pool sent round (`cycle`, for a route that never reads them). */
  readonly headersFor: (count: number) => Promise<string[]>
  readonly pool: 'fresh' | 'cycle'
  /** Called just before the timed run, after the warm-ups: where a route's own counters start. */
  readonly onTimedRun?: () => void
}

/**
 * @throws {LoadGeneratorError} a load generator failed or hung (see `runLoad`)
 */
export async function loadPhase(progress: (m: string) => void, target: PhaseTarget, options: PhaseOptions): Promise<PhaseResult> {
  const { label, headersFor, pool } = target
  const common = { url: target.url, connections: options.connections, expectBody: target.expectBody, pool }
  const generator = { cpu: options.pinning?.loadCpu }
  // Enough fresh invocations for `seconds` at `factor` times the rate seen so far, and 500 for the
  // generator's last sampling interval (load-generator.ts): a run ends within one of its time.
  const enough = (rate: number, seconds: number, factor: number) => (pool === 'fresh' ? Math.min(400_000, Math.ceil(rate * seconds * factor) + 500) : 2000)
  progress(`${label}: warm-up, ${options.warmupRequests} requests then ${options.warmupSeconds} s…`)
  // A warm-up of 0 is none (a test of the bench): each is a load generator started and a run of its own.
  const first =
    options.warmupRequests > 0 ? await runLoad({ ...common, headers: await headersFor(options.warmupRequests), amount: options.warmupRequests }, generator) : undefined
  const firstRate = first === undefined ? 0 : first.responses / Math.max(first.seconds, 0.001)
  // Generous: a warm-up can run much slower than what follows it (the first requests pay for JIT and GC
  // warming), and a pool that runs out replays invocations, which makes the run invalid. Hence also
  // a floor of 2,000 requests/s.
  const warm =
    options.warmupSeconds > 0
      ? await runLoad({ ...common, headers: await headersFor(enough(Math.max(firstRate, 2000), options.warmupSeconds, 3)), seconds: options.warmupSeconds }, generator)
      : undefined
  const warmRate = warm === undefined ? firstRate : warm.requestsPerSecond
  // Three times: on a VM whose speed drifts, a timed run has gone at twice its warm-up's rate (2026-12-06).
  const count = options.timedRequests ?? enough(Math.max(warmRate, 2000), options.seconds, 3)
  const started = Date.now()
  const headers = await headersFor(count)
  progress(`${label}: ${count} headers made in ${((Date.now() - started) / 1000).toFixed(1)} s; ${options.timedRequests === undefined ? `${options.seconds} s` : `${options.timedRequests} requests`} of load…`)
  target.onTimedRun?.()
  const result = await runLoad({ ...common, headers, ...(options.timedRequests === undefined ? { seconds: options.seconds } : { amount: options.timedRequests }) }, generator)
  const valid = [first, warm].every((r) => r === undefined || loadIsValid(r)) && loadIsValid(result)
  for (const [step, r] of [['first warm-up', first], ['timed warm-up', warm]] as const) {
    if (r !== undefined && !loadIsValid(r)) progress(`${label}: ${step} INVALID: ${JSON.stringify(r.statusCodes)}, ${r.errors} errors, ${r.timeouts} timeouts, ${r.mismatches} mismatches, ${r.reusedFreshHeaders} replays`)
  }
  progress(
    `${label}: ${result.requestsPerSecond} requests/s, p99 ${result.latencyMs.p99} ms, server CPU ${result.serverCpuUsPerRequest} µs/request (busy ${result.serverUtilization})${valid ? '' : ' — INVALID (see statusCodes)'}`,
  )
  return { ...result, warmupRequestsPerSecond: Number(warmRate.toFixed(1)), valid }
}
