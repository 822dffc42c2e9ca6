/**
 * The authorization overhead of a route under load, in the unit of issue
 * 15: the extra time per request on the serving thread, 1/rps_guarded −
 * 1/rps_open, divided by one raw Ed25519 verify measured in the same run.
 */

export interface Overhead {
  /** Milliseconds per request that authorization adds. */
  readonly overheadMs: number
  /** `overheadMs` ÷ one raw Ed25519 verify: how many verifies' worth the whole check costs. */
  readonly perVerify: number
}

export function overheadOf(guardedRequestsPerSecond: number, openRequestsPerSecond: number, verifyUs: number): Overhead {
  const overheadMs = 1000 / guardedRequestsPerSecond - 1000 / openRequestsPerSecond
  return { overheadMs: Number(overheadMs.toFixed(3)), perVerify: Number((overheadMs / (verifyUs / 1000)).toFixed(2)) }
}
