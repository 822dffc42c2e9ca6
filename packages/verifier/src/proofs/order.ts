/**
 * Which way round `prf` is listed. The current spec lists the root first
 * (`prf[0]` issued by the subject); older implementations (and go-ucan) list
 * the leaf first. We read the order from the structure, never from a flag:
 * each reading scores one point per aligned principal link (`aud` of one
 * delegation is the `iss` of the next, and the last one's `aud` is the
 * invoker) and one for a proper root at its head (`sub` set and `iss == sub`).
 * The higher score wins; a tie reads root-first, as the spec says.
 *
 * Why this is safe: the order is only an interpretation. Every rule is then
 * checked in full on the chosen order, so a chain is accepted only when it is
 * a valid chain read that way.
 */
import type { Delegation } from '@capchain/core/token'
import type { ProofOrder } from '../interface.js'

export function detectOrder(delegations: readonly Delegation[], invoker: string | undefined): ProofOrder {
  if (delegations.length < 2) return 'root-first'
  const reversed = [...delegations].reverse()
  return score(reversed, invoker) > score(delegations, invoker) ? 'leaf-first' : 'root-first'
}

/** `delegations` in root-first order. */
export function rootFirst<T>(items: readonly T[], order: ProofOrder): T[] {
  return order === 'root-first' ? [...items] : [...items].reverse()
}

function score(chain: readonly Delegation[], invoker: string | undefined): number {
  const head = chain[0]!.payload
  let points = head.sub !== null && head.iss === head.sub ? 1 : 0
  for (let i = 1; i < chain.length; i++) {
    if (chain[i - 1]!.payload.aud === chain[i]!.payload.iss) points++
  }
  if (invoker !== undefined && chain[chain.length - 1]!.payload.aud === invoker) points++
  return points
}
