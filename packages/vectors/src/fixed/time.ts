/**
 * Every time in the vectors is a fixed offset from `T0`, so the vectors never
 * depend on the clock of the machine that generates them.
 */

/** 2026-01-01T00:00:00Z: the time the ucan-wg/spec 1.0.0 invocation fixtures validate at. */
export const T0 = 1767225600

export const MINUTE = 60
export const HOUR = 3600
export const DAY = 86400

/** When a case is validated unless it says otherwise: one hour into the tokens' lifetime. */
export const NOW = T0 + HOUR

/** When the delegations of the vectors expire unless a case needs otherwise. */
export const DELEGATION_EXPIRY = T0 + 30 * DAY

/** An ISO 8601 date for a SIWE field. */
export function isoTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z')
}
