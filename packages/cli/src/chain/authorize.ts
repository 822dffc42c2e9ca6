import type { Delegation } from '@capchain/core'
import { verifyDelegation } from '@capchain/verifier'

/**
 * Check, before it is handed out, that `chain` (root first, the new
 * delegation last) is one a verifier will accept at `now`: signatures,
 * time bounds, subject, principal alignment (the new delegation is issued
 * by the audience of the last proof), command attenuation, policy syntax.
 *
 * @throws {VerificationError} the first rule the chain breaks; `at` is `chain[i]`, root first
 */
export async function assertDelegable(chain: readonly Delegation[], now: number): Promise<void> {
  const result = await verifyDelegation(chain, { now })
  if (!result.ok) throw result.error
}

/**
 * The earliest expiry among `proofs` when it comes before `expiration`:
 * a delegation is never usable longer than its proofs.
 */
export function outlivedBy(expiration: number | null, proofs: readonly Delegation[]): number | undefined {
  const expiries = proofs.map((d) => d.payload.exp).filter((exp): exp is number => exp !== null)
  if (expiries.length === 0) return undefined
  const earliest = Math.min(...expiries)
  return expiration === null || expiration > earliest ? earliest : undefined
}
