import type { IPLDValue } from '@capchain/core/token'
import type { CapCharge } from '@capchain/store'
import type { IdentifiedCaveat, ServiceCaveats } from '@capchain/verifier'
import { capStatement, splitCap } from '../cap/statement.js'

const NO_CAP: readonly IPLDValue[] = Object.freeze([])

/**
 * Caps as the chain verifier's `serviceCaveats`: each delegation's cap
 * statement is taken out of the policy it evaluates (once per delegation,
 * cached with its parsed policy) and handed to our caveat hook, which
 * charges it to the ledger. A malformed, nested, repeated or unknown-version
 * cap refuses the policy (`InvalidCapError`, as the verifier's cause).
 */
export const capCaveats: ServiceCaveats = {
  split(policy, link) {
    const { cap, rest } = splitCap(policy, link.cid.toString())
    return { enforced: cap === undefined ? NO_CAP : [capStatement(cap)], rest }
  },
}

/**
 * The caps an invocation passes through, root first: one per capped
 * delegation of its chain, charged under the delegation's identity, so that
 * every encoding of one signed grant (a re-encoded CACAO root) spends the same cap.
 */
export function chargesOf(enforced: readonly IdentifiedCaveat[]): CapCharge[] {
  return enforced.flatMap(({ cid, identity, statements }) => {
    const { cap } = splitCap(statements, cid.toString())
    return cap === undefined ? [] : [{ cid: identity.toString(), limit: cap }]
  })
}
