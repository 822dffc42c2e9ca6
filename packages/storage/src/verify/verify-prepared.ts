import type { RevocationStore } from '@capchain/store'
import type { CaveatCheck, ChainVerifier, InvocationVerification } from '@capchain/verifier'
import type { DID } from '@capchain/core/principal'
import type { Invocation } from '@capchain/core/token'
import type { PreparedProofs } from './prepare.js'
import { revocationCheck } from './revocation-check.js'

export interface VerifyPreparedContext {
  readonly service: DID
  readonly now: number
  readonly clockSkew: number
  readonly revocations: RevocationStore
  /** The stateful checks of the request (replay, caps), run last by the verifier. */
  readonly checkCaveats: CaveatCheck
}

/**
 * The one way this package asks the chain verifier: proofs as `prepareProofs`
 * made them ready, addressed to the service, revocation through the store
 * (scoped to where the revoker is upstream), and the request's stateful checks.
 */
export function verifyPrepared(
  verifier: ChainVerifier,
  invocation: Invocation,
  prepared: PreparedProofs,
  context: VerifyPreparedContext,
): Promise<InvocationVerification> {
  return verifier.verifyInvocation(invocation, {
    proofs: prepared.proofs,
    ...(prepared.resolve === undefined ? {} : { resolve: prepared.resolve }),
    audience: context.service,
    now: context.now,
    clockSkew: context.clockSkew,
    isRevoked: revocationCheck(context.revocations, invocation.payload.sub, prepared.delegations.values()),
    checkCaveats: context.checkCaveats,
  })
}
