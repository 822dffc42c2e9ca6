/**
 * The delegation path a revocation carries as its witness (ucan-wg
 * revocation draft, "Path Witness"): the chain from a root down to the
 * revoked delegation.
 */
import { CapchainError } from '@capchain/core'
import type { CapchainErrorOptions, Delegation } from '@capchain/core'
import type { CID } from 'multiformats/cid'
import { chainsFromRoots } from './order.js'

/** The proofs given to `revoke` do not hold a chain down to the delegation. */
export class RevocationWitnessError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_REVOCATION_WITNESS', message, options)
  }
}

/**
 * The path, root first, from a root to the delegation `cid`, found among
 * `delegations` by their principals. Whether it is valid, and whether the
 * revoker is on it, is the service's check (`revokeDelegation`).
 *
 * @throws {RevocationWitnessError} the delegation is not among them, or no chain from a root reaches it
 */
export function revocationPath(delegations: readonly Delegation[], cid: CID): Delegation[] {
  const target = cid.toString()
  if (!delegations.some((d) => d.cid.toString() === target)) {
    throw new RevocationWitnessError(`the proofs do not hold the delegation ${target}; give the chain that holds it`, { cid: target })
  }
  const path = chainsFromRoots(delegations).get(target)
  if (path === undefined) {
    throw new RevocationWitnessError(`no chain among the proofs leads from a root (iss == sub) to ${target}`, { cid: target })
  }
  return path
}
