/**
 * `recheckRevocation`: whether a chain `authorizeInvocation` accepted is
 * still unrevoked, for an operation long enough (an upload streaming its
 * body) for a revocation to arrive meanwhile. A service asks it right before
 * the operation takes effect, and refunds instead of committing on a denial.
 *
 * It runs the same verification the check ran, at the same `now`, so
 * revocation is asked exactly as the check asked it (verify/revocation-check.ts:
 * the same lookup, scoped to where each revoker is upstream), and nothing
 * else can answer differently: only the store's revocations changed. Replay
 * and caps are not run again; the reservation being settled holds them.
 */
import { CapchainError } from '@capchain/core/errors'
import { DEFAULT_CLOCK_SKEW } from '@capchain/verifier'
import { readInvocation } from '../verify/read-invocation.js'
import type { CheckOptions, GuardResult } from '../interface.js'
import { chainVerifierOf } from '../verify/service-verifier.js'
import { verifyServiceChain } from '../verify/verify-chain.js'

/**
 * @param request - the options the request was authorized with, `now` included (the time of that check)
 * @returns `ok` while no link of the chain is revoked; else the denial (`RevokedError`), with the chain's links
 * @throws {InvalidOptionsError} a `clockSkew` the verifier refuses
 */
export async function recheckRevocation(request: CheckOptions & { readonly now: number }): Promise<GuardResult<void>> {
  const invocation = readInvocation(request.invocation)
  if (invocation instanceof CapchainError) return { ok: false, error: invocation, links: [] }
  const result = await verifyServiceChain(chainVerifierOf(request.verifier), invocation, {
    proofs: request.proofs,
    resolve: request.resolve,
    service: request.service,
    now: request.now,
    clockSkew: request.clockSkew ?? DEFAULT_CLOCK_SKEW,
    revocations: request.store.revocations,
    checkCaveats: () => undefined,
  })
  return result.ok ? { ok: true, value: undefined, links: result.links } : { ok: false, error: result.error, links: result.links }
}
