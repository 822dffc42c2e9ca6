import { envelopeIdentity } from '@capchain/core/lean'
import type { Delegation } from '@capchain/core/token'
import type { CapLimit, Usage, UsageLedger } from '@capchain/store'
import { amountOf } from '@capchain/store/validate'
import { CapGrantExceededError } from '../errors.js'
import { checkCap, splitCap } from './statement.js'

export interface CapGrantCheck {
  /** The chain the new delegation extends, root first. */
  readonly parent: readonly Delegation[]
  /** The cap the new delegation would state. */
  readonly cap: CapLimit
  /**
   * Current consumption: with it, a cap beyond what an ancestor has *left*
   * is refused; without it (a delegator offline), beyond an ancestor's cap.
   */
  readonly ledger?: UsageLedger
}

/** A capped ancestor: named by its CID as held, charged under its identity. */
interface Ancestor {
  readonly cid: string
  readonly identity: string
  readonly cap: CapLimit
}

/**
 * Refuse a cap larger than what some ancestor has left, dimension by
 * dimension (bytes, uses, each named amount). A dimension the new cap leaves
 * out is not checked: the child then simply shares its ancestors' remainder,
 * which every invocation charges anyway. Against a periodic ancestor the
 * new cap is compared with its whole allowance (a window refills), and
 * periods are not compared. This check is a courtesy to the delegator; the
 * guarantee is that each invocation is charged to every cap above it.
 *
 * @throws {CapGrantExceededError} naming the ancestor and dimension
 * @throws {InvalidCapError} the new cap, or an ancestor's, is malformed
 * @throws {StoreError} the ledger failed
 */
export async function checkCapGrant(check: CapGrantCheck): Promise<void> {
  checkCap(check.cap)
  const ancestors = check.parent.flatMap((delegation) => {
    const cid = delegation.cid.toString()
    const { cap } = splitCap(delegation.payload.pol, cid)
    // Charges are kept under the link's identity, one for every encoding of it (a P-256 high-S twin, a 65-byte EIP-191 signature).
    return cap === undefined ? [] : [{ cid, identity: envelopeIdentity(delegation.envelope).toString(), cap }]
  })
  if (ancestors.length === 0) return
  const usage = check.ledger === undefined ? undefined : await check.ledger.usage(ancestors.map((a) => a.identity))
  const spentOf = (ancestor: Ancestor): Usage | undefined => (ancestor.cap.period === undefined ? usage?.get(ancestor.identity) : undefined)
  for (const dimension of ['bytes', 'uses'] as const) {
    const requested = check.cap[dimension]
    if (requested === undefined) continue
    for (const ancestor of ancestors) {
      const limit = ancestor.cap[dimension]
      if (limit === undefined) continue
      const available = Math.max(0, limit - (spentOf(ancestor)?.[dimension] ?? 0))
      if (requested > available) throw new CapGrantExceededError(dimension, requested, available, { cid: ancestor.cid })
    }
  }
  for (const [name, requested] of Object.entries(check.cap.amounts ?? {})) {
    for (const ancestor of ancestors) {
      const limit = amountOf(ancestor.cap.amounts, name)
      if (limit === undefined) continue
      const spent = amountOf(spentOf(ancestor)?.amounts, name) ?? 0n
      const available = limit > spent ? limit - spent : 0n
      if (requested > available) throw new CapGrantExceededError(name, requested, available, { cid: ancestor.cid })
    }
  }
}
