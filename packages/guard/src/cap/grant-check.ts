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
    return cap === undefined ? [] : [{ cid, cap }]
  })
  if (ancestors.length === 0) return
  const usage = check.ledger === undefined ? undefined : await check.ledger.usage(ancestors.map((a) => a.cid))
  const spentOf = (cid: string, cap: CapLimit): Usage | undefined => (cap.period === undefined ? usage?.get(cid) : undefined)
  for (const dimension of ['bytes', 'uses'] as const) {
    const requested = check.cap[dimension]
    if (requested === undefined) continue
    for (const { cid, cap } of ancestors) {
      const limit = cap[dimension]
      if (limit === undefined) continue
      const available = Math.max(0, limit - (spentOf(cid, cap)?.[dimension] ?? 0))
      if (requested > available) throw new CapGrantExceededError(dimension, requested, available, { cid })
    }
  }
  for (const [name, requested] of Object.entries(check.cap.amounts ?? {})) {
    for (const { cid, cap } of ancestors) {
      const limit = amountOf(cap.amounts, name)
      if (limit === undefined) continue
      const spent = amountOf(spentOf(cid, cap)?.amounts, name) ?? 0n
      const available = limit > spent ? limit - spent : 0n
      if (requested > available) throw new CapGrantExceededError(name, requested, available, { cid })
    }
  }
}
