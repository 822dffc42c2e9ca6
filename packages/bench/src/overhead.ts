/**
 * The authorization overhead of a route under load, in the unit of issue
 * 15: the extra time per request on the serving thread, 1/rps_guarded −
 * 1/rps_open, divided by one raw Ed25519 verify measured in the same run.
 *
 * That verify is timed alone, while the routes are timed with the load
 * generator on the other core, which slows every CPU-bound step of the app
 * (the verify included) on a two-core machine; and the open route is
 * served faster than autocannon asks (its thread waits), so what a route
 * adds over it is partly hidden. So the overhead is also given in verifies
 * under the same load, from routes that keep the thread busy: one verify
 * under load is what two raw verifies in front add over one,
 * 1/rps_two − 1/rps_one; the guarded route costs (1/rps_guarded −
 * 1/rps_one) ÷ that, plus the one verify the one-verify route makes.
 * Both the guard and that route read the header and run one middleware
 * step: the figure counts neither.
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
 * One raw verify under the same load, in µs: what a second verify in front
 * adds per request over one (`twoRequestsPerSecond` against
 * `oneRequestsPerSecond`, their phases `valid` or not). No figure when the
 * phases were invalid, or when it came out ≤ 0: then the routes' noise
 * outweighed a verify, and a ratio over it would mean nothing.
 */
export function verifyUnderLoadOf(twoRequestsPerSecond: number, oneRequestsPerSecond: number, valid: boolean): VerifyUnderLoad {
  if (!valid) return { gap: 'none: its phases were invalid (see statuses)' }
  const us = 1e6 / twoRequestsPerSecond - 1e6 / oneRequestsPerSecond
  if (us <= 0) return { gap: `none: it came out at ${us.toFixed(1)} µs, within the routes' noise` }
  return Number(us.toFixed(2))
}

/**
 * The guarded route's cost in verifies under the same load: what it adds
 * over the one-verify route (`oneRequestsPerSecond`), in `underLoad` µs,
 * plus that route's one verify; `null` without a figure.
 */
export function perVerifyUnderLoadOf(guardedRequestsPerSecond: number, oneRequestsPerSecond: number, underLoad: VerifyUnderLoad): number | null {
  if (typeof underLoad !== 'number') return null
  return Number(((1e6 / guardedRequestsPerSecond - 1e6 / oneRequestsPerSecond) / underLoad + 1).toFixed(2))
}
