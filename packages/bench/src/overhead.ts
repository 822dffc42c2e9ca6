/**
 * The authorization overhead of a route under load, in the unit of issue
 * 15: the extra time per request on the serving thread, 1/rps_guarded −
 * 1/rps_open, divided by one raw Ed25519 verify measured in the same run.
 *
 * That verify is timed alone, while the routes are timed with the load
 * generator on the other core, which slows every CPU-bound step of the app
 * (the verify included) by about 1.5× on a two-core machine. So the
 * overhead is also given in verifies under the same load: what one raw
 * verify in front of the open route adds per request, 1/rps_verify −
 * 1/rps_open, measured beside it.
 */

export interface Overhead {
  /** Milliseconds per request that authorization adds. */
  readonly overheadMs: number
  /** `overheadMs` ÷ one raw Ed25519 verify: how many verifies' worth the whole check costs. */
  readonly perVerify: number
}

/** Microseconds of one verify under the same load, or why there is no figure to divide by. */
export type VerifyUnderLoad = number | { readonly gap: string }

export function overheadOf(guardedRequestsPerSecond: number, openRequestsPerSecond: number, verifyUs: number): Overhead {
  const overheadMs = 1000 / guardedRequestsPerSecond - 1000 / openRequestsPerSecond
  return { overheadMs: Number(overheadMs.toFixed(3)), perVerify: Number((overheadMs / (verifyUs / 1000)).toFixed(2)) }
}

/**
 * One raw verify under the same load, in µs: what the verify route
 * (`verifyRequestsPerSecond`, its phases `valid` or not) adds per request
 * over the open route. No figure when its phases were invalid, or when it
 * came out ≤ 0: then the two routes' noise outweighed a verify, and a
 * ratio over it would mean nothing.
 */
export function verifyUnderLoadOf(verifyRequestsPerSecond: number, openRequestsPerSecond: number, valid: boolean): VerifyUnderLoad {
  if (!valid) return { gap: 'none: its phases were invalid (see statuses)' }
  const us = 1e6 / verifyRequestsPerSecond - 1e6 / openRequestsPerSecond
  if (us <= 0) return { gap: `none: it came out at ${us.toFixed(1)} µs, within the open route's noise` }
  return Number(us.toFixed(2))
}

/**
 * `overhead.overheadMs` ÷ one verify under the same load, from the figures
 * as reported (so a reader can redo the division); `null` without a figure.
 */
export function perVerifyUnderLoadOf(overhead: Overhead, underLoad: VerifyUnderLoad): number | null {
  return typeof underLoad === 'number' ? Number(((overhead.overheadMs * 1000) / underLoad).toFixed(2)) : null
}
