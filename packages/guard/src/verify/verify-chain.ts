import type { RevocationStore } from '@capchain/store'
import type { CaveatCheck, ChainVerifier, InvocationVerification, ProofSource, ResolveProof, RevocationCheck } from '@capchain/verifier'
import type { DID } from '@capchain/core/principal'
import type { Invocation } from '@capchain/core/token'
import { revocationCheck } from './revocation-check.js'

export interface ServiceChainContext {
  readonly proofs: ProofSource | undefined
  readonly resolve: ResolveProof | undefined
  readonly service: DID
  readonly now: number
  readonly clockSkew: number
  readonly revocations: RevocationStore
  /** In place of the lookup in `revocations`: a request that checks revocation later, with its claim (`deferredRevocationCheck`). */
  readonly isRevoked?: RevocationCheck
  /** The stateful checks of the request (replay, caps), run last by the verifier. */
  readonly checkCaveats: CaveatCheck
}

/**
 * The one way the guard asks the chain verifier: the proofs as their
 * bytes, addressed to the service, revocation through the store (scoped to
 * where the revoker is upstream), and the request's stateful checks.
 */
export function verifyServiceChain(verifier: ChainVerifier, invocation: Invocation, context: ServiceChainContext): Promise<InvocationVerification> {
  // The optional fields are spread last: in Node 20 an object literal that opens with a spread and then
  // adds properties gets a hidden class of its own every time (1–2 µs, and every reader of it goes megamorphic).
  return verifier.verifyInvocation(invocation, {
    audience: context.service,
    now: context.now,
    clockSkew: context.clockSkew,
    isRevoked: context.isRevoked ?? revocationCheck(context.revocations, invocation.payload.sub),
    checkCaveats: context.checkCaveats,
    ...(context.proofs === undefined ? {} : { proofs: asBytes(context.proofs) }),
    ...(context.resolve === undefined ? {} : { resolve: context.resolve }),
  })
}

/**
 * Proofs handed in decoded go to the verifier as their bytes: a decoded
 * object's payload is not bound to its bytes, and the verifier would take
 * its word for it (a caller could drop a cap from `pol`). Re-reading costs
 * nothing for proofs the verifier has cached; it recognises their bytes.
 */
function asBytes(proofs: ProofSource): ProofSource {
  if (proofs instanceof Uint8Array || typeof proofs === 'string') return proofs
  return proofs.every((token) => token instanceof Uint8Array) ? proofs : proofs.map((token) => (token instanceof Uint8Array ? token : token.bytes))
}
