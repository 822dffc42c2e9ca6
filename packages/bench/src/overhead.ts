/**
 * The authorization overhead of a route under load, in the unit of issue
 * 15: the extra time per request on the serving thread, 1/rps_guarded −
 * 1/rps_open, divided by one raw Ed25519 verify measured in the same run.
 *
 * That verify is given two ways. Timed alone (verify-floor.ts), in every
 * baseline set, a guarded phase counted in the mean of the two on either
 * side of it (the machine's speed drifts within a minute); but the routes are timed with the load generator on the
 * other core, which slows every CPU-bound step of the app, the verify
 * included, on a two-core machine. So it is also timed on the serving
 * thread while the load generator loads it (the one-verify route,
 * verify-in-front.ts): dividing by that puts the overhead and the verify
 * in one unit.
 *
 * A guarded phase is compared with the baseline sets run just before and
 * just after it (guard-baselines.ts), not with figures from minutes away:
 * the machine flips between a fast and a slow mode every few tens of
 * seconds (the open route at 10,750 then 7,627 requests/s in one run).
 *
 * The same overhead by CPU (`cpuOverheadOf`): the serving process's CPU
 * time per response (service-load.ts), guarded minus open, ÷ the verify
 * alone. Requests/s can be flattered or held back by the load generator
 * (the open route, its server not quite busy, waits on it); CPU spent per
 * response cannot, so the two agree when the server set the pace.
 */
import { median } from './measure.js'
import type { TimedVerifies } from './verify-timer.js'

export interface Overhead {
  /** Milliseconds per request that authorization adds. */
  readonly overheadMs: number
  /** `overheadMs` ÷ one raw Ed25519 verify: how many verifies' worth the whole check costs. */
  readonly perVerify: number
}

/** What authorization adds to the serving process's CPU time per request. */
export interface CpuOverhead {
  /** Microseconds of server CPU per request. */
  readonly overheadUs: number
  /** `overheadUs` ÷ one raw Ed25519 verify. */
  readonly perVerify: number
}

/** Microseconds of one verify under the same load, or why there is no figure to divide by. */
export type VerifyUnderLoad = number | { readonly gap: string }

export function overheadOf(guardedRequestsPerSecond: number, openRequestsPerSecond: number, verifyUs: number): Overhead {
  const overheadMs = 1000 / guardedRequestsPerSecond - 1000 / openRequestsPerSecond
  return { overheadMs: Number(overheadMs.toFixed(3)), perVerify: Number((overheadMs / (verifyUs / 1000)).toFixed(2)) }
}

export function cpuOverheadOf(guardedCpuUsPerRequest: number, openCpuUsPerRequest: number, verifyUs: number): CpuOverhead {
  const overheadUs = guardedCpuUsPerRequest - openCpuUsPerRequest
  return { overheadUs: Number(overheadUs.toFixed(2)), perVerify: Number((overheadUs / verifyUs).toFixed(2)) }
}

/** What a guarded phase's overhead is counted against: the baseline sets on either side of it. */
export interface ComparedWith {
  /** The mean of the two open runs' requests/s. */
  readonly openRequestsPerSecond: number
  /** The mean of the two open runs' server CPU µs per request. */
  readonly openServerCpuUsPerRequest: number
  /** The mean of the two one-verify runs' timed verify, µs (`verifyUnderLoadOf`), or why there is no figure. */
  readonly verifyUnderLoadUs: VerifyUnderLoad
  /** The mean of the two sets' verify timed alone, µs: the unit of the phase's `÷ 1 verify`, by requests/s and by CPU. */
  readonly verifyAloneUs: number
}

/** A baseline set as the neighbour arithmetic reads it (guard-baselines.ts `BaselineSet`). */
export interface NeighbourSet {
  readonly open: { readonly requestsPerSecond: number; readonly serverCpuUsPerRequest: number }
  readonly verify: { readonly valid: boolean; readonly timedVerifies: TimedVerifies }
  readonly verifyAloneUs: number
}

/** The figures a guarded phase run between the sets `before` and `after` is compared with. */
export function comparedWithOf(before: NeighbourSet, after: NeighbourSet): ComparedWith {
  return {
    openRequestsPerSecond: Number(((before.open.requestsPerSecond + after.open.requestsPerSecond) / 2).toFixed(1)),
    openServerCpuUsPerRequest: Number(((before.open.serverCpuUsPerRequest + after.open.serverCpuUsPerRequest) / 2).toFixed(2)),
    // The median of two is their mean: the same figure, with the same gaps, as over all the runs.
    verifyUnderLoadUs: verifyUnderLoadOf([before.verify.timedVerifies, after.verify.timedVerifies], before.verify.valid && after.verify.valid),
    verifyAloneUs: Number(((before.verifyAloneUs + after.verifyAloneUs) / 2).toFixed(2)),
  }
}

/**
 * One raw verify under the same load, in µs: the median over the given
 * one-verify runs (`valid` if all were) of the mean verify each timed on
 * the serving thread. No figure when a run was invalid, or when a run timed
 * no verify: a ratio over it would then mean nothing.
 */
export function verifyUnderLoadOf(runs: readonly TimedVerifies[], valid: boolean): VerifyUnderLoad {
  if (!valid) return { gap: "no figure: a run of the one-verify route was invalid (see statuses)" }
  const means = runs.flatMap((r) => (r.meanUs === null ? [] : [r.meanUs]))
  if (means.length === 0 || means.length < runs.length) return { gap: 'no figure: a run of the one-verify route timed no verify' }
  return Number(median(means).toFixed(2))
}

/** The overhead over the open route (`overheadOf`'s) in `underLoad` µs verifies; `null` without a figure. */
export function perVerifyUnderLoadOf(guardedRequestsPerSecond: number, openRequestsPerSecond: number, underLoad: VerifyUnderLoad): number | null {
  if (typeof underLoad !== 'number') return null
  return Number(((1e6 / guardedRequestsPerSecond - 1e6 / openRequestsPerSecond) / underLoad).toFixed(2))
}
