import type { DelegationLink } from './link.js'
import type { EnforcedCaveat, IdentifiedCaveat } from '../interface.js'

const NONE: readonly IdentifiedCaveat[] = Object.freeze([])

/**
 * The enforced statements with the identity of the link each came from, for
 * the caveat hook: a cap is charged under its link's identity, so that every
 * encoding of one signed statement spends the same cap. `enforced` lists
 * links of `delegations` in their order (root first), so one pass pairs them.
 */
export function identifyCaveats(enforced: readonly EnforcedCaveat[], delegations: readonly DelegationLink[]): readonly IdentifiedCaveat[] {
  if (enforced.length === 0) return NONE
  let next = 0
  return enforced.map((caveat) => {
    while (delegations[next]!.at !== caveat.at) next++
    return { ...caveat, identity: delegations[next]!.identity }
  })
}
