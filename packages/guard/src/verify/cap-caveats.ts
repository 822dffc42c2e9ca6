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
    // A profile's own statements (capchain/evm@1…) go to its requirement's `enforce`, like caps to the ledger.
    const profile = rest.filter(isProfileStatement)
    const enforced = cap === undefined ? NO_CAP : [capStatement(cap)]
    return profile.length === 0 ? { enforced, rest } : { enforced: [...enforced, ...profile], rest: rest.filter((s) => !isProfileStatement(s)) }
  },
}

/** A top-level `["==", ".", ["capchain/<name>@<v>", …]]` other than a cap: false in every UCAN verifier, enforced by a profile. */
export function isProfileStatement(statement: IPLDValue): boolean {
  if (!Array.isArray(statement) || statement.length !== 3 || statement[0] !== '==' || statement[1] !== '.') return false
  const tag = Array.isArray(statement[2]) ? statement[2][0] : undefined
  return typeof tag === 'string' && tag.startsWith('capchain/') && !tag.startsWith('capchain/cap@')
}

/** Each link's profile statements, for the requirement's `enforce`; links without any are left out. */
export function profileStatementsOf(enforced: readonly IdentifiedCaveat[]): IdentifiedCaveat[] {
  return enforced.flatMap((caveat) => {
    const statements = caveat.statements.filter(isProfileStatement)
    return statements.length === 0 ? [] : [{ ...caveat, statements }]
  })
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
