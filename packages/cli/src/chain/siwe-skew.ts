import type { SiweMessageFields } from '@capchain/siwe'
import type { SkewReliance } from './skew.js'

/**
 * The time window bounds of a valid SIWE message that do not hold at `now`
 * (Unix seconds) itself, as {@link skewReliance} for tokens: its Expiration
 * Time passed, or its Not Before not reached, within the skew.
 */
export function siweSkewReliance(fields: SiweMessageFields, now: number): SkewReliance[] {
  const relied: SkewReliance[] = []
  const millis = now * 1000
  const expiry = fields.expirationTime === undefined ? Number.NaN : Date.parse(fields.expirationTime)
  const start = fields.notBefore === undefined ? Number.NaN : Date.parse(fields.notBefore)
  // The SIWE check refuses at the expiration instant itself: reaching it is relying on the skew.
  if (millis >= expiry) relied.push({ at: 'message', field: 'exp', seconds: Math.floor((millis - expiry) / 1000) })
  if (millis < start) relied.push({ at: 'message', field: 'nbf', seconds: Math.ceil((start - millis) / 1000) })
  return relied
}
