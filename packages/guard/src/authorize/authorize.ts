/**
 * `authorizeInvocation`: the one authorization pipeline of every capchain
 * service, in this order (docs/architecture.md, "Data flow"):
 *
 *  1. the invocation, re-read from its bytes;
 *  2. the admission of the subject it claims (cheap, before any signature:
 *     the verifier then proves the chain roots in that subject);
 *  3. the service's requirement: command, args, bytes, `exp`;
 *  4. the whole chain with the service verifier: signatures, time,
 *     principals, commands, policies (each cap taken out and handed to our
 *     hook: verify/cap-caveats.ts), then, for a requirement with `enforce`,
 *     revocation through the store;
 *  5. last, in the verifier's caveat hook: the profile's own statements
 *     (the requirement's `enforce`; denied when it has none), then the
 *     admission (authorize/admission.ts), one step with the store: the
 *     chain's revocation (unless step 4 checked it), replay (the
 *     invocation's identity is recorded until its window ends) and, when
 *     the chain has caps and the bytes are known, one atomic reservation of
 *     the bytes and one use on every cap; with a `measure`, the measure (the
 *     first moment the service may look at its data), then the reservation.
 *
 * Revocation moves into the admission so that a store with
 * `admitInvocation` answers a request in one round trip; a requirement with
 * `enforce` keeps it in the verifier, since `enforce` is promised an
 * unrevoked chain. The first failure answers, a revoked chain always as
 * revoked; nothing is reserved unless everything passed.
 */
import { envelopeIdentity } from '@capchain/core/envelope'
import { CapchainError } from '@capchain/core/errors'
import { DEFAULT_CLOCK_SKEW, UnenforcedCaveatError } from '@capchain/verifier'
import type { ChainLink } from '@capchain/verifier'
import type { Authorization, AuthorizeRequest, GuardResult, InvocationRequirement, RequiredInvocation } from '../interface.js'
import { unixNow } from '../time.js'
import { chargesOf, profileStatementsOf } from '../verify/cap-caveats.js'
import { capReservation, reserveCaps } from '../verify/caps.js'
import { caveatHook } from '../verify/caveat-hook.js'
import { readInvocation } from '../verify/read-invocation.js'
import { deferredRevocationCheck } from '../verify/revocation-check.js'
import { chainVerifierOf } from '../verify/service-verifier.js'
import { verifyServiceChain } from '../verify/verify-chain.js'
import { admit, revokedBefore } from './admission.js'
import { reservationHandle } from './reservation.js'

/**
 * Check an invocation against what the service requires of it and reserve
 * what it will consume. On success, call `reservation.commit()` once the
 * operation is done, or `reservation.refund()` if it failed.
 *
 * @throws {InvalidOptionsError} a `clockSkew` the verifier refuses; every denial is returned
 */
export async function authorizeInvocation(request: AuthorizeRequest, requirement: InvocationRequirement): Promise<GuardResult<Authorization>> {
  const now = request.now ?? unixNow()
  const skew = request.clockSkew ?? DEFAULT_CLOCK_SKEW
  const deny = (error: CapchainError, links: readonly ChainLink[] = []): GuardResult<Authorization> => ({ ok: false, error, links })

  const invocation = readInvocation(request.invocation)
  if (invocation instanceof CapchainError) return deny(invocation)
  const refused = request.admit?.(invocation.payload.sub, invocation.cid.toString())
  if (refused !== undefined) return deny(refused)

  let required: RequiredInvocation
  try {
    required = requirement.check(invocation, now)
  } catch (error) {
    if (error instanceof CapchainError) return deny(error)
    throw error
  }

  const { store } = request
  // Replay records and charges are keyed by the invocation's identity, one for every encoding of it.
  const id = envelopeIdentity(invocation.envelope).toString()
  const deferred = requirement.enforce === undefined ? deferredRevocationCheck(invocation.payload.sub) : undefined
  let charged = false
  let bytes = required.bytes
  const stateful = caveatHook(async ({ enforced, authorization }) => {
    const revocation = deferred?.collected()
    const profile = profileStatementsOf(enforced)
    if (profile.length > 0 && requirement.enforce === undefined) {
      throw (await revokedBefore(store.revocations, revocation)) ?? new UnenforcedCaveatError({ cid: profile[0]!.cid.toString(), at: profile[0]!.at })
    }
    requirement.enforce?.(profile, authorization)
    const charges = chargesOf(enforced)
    // A measured request knows its bytes only after the admission (the measure looks only then): it reserves in a second step.
    const reserveNow = charges.length > 0 && requirement.measure === undefined
    await admit(store, {
      revocation,
      // The invocation verifies at most until its own exp plus the skew; its record must last as long.
      replay: { cid: id, expiresAt: required.expiration + skew, now },
      reservation: reserveNow ? capReservation(id, charges, bytes, now, required.amounts) : undefined,
    })
    if (requirement.measure !== undefined) bytes = await requirement.measure(invocation.payload.sub)
    // A chain without caps has nothing to charge: the replay record alone makes the request once-only.
    if (charges.length === 0) return
    if (!reserveNow) await reserveCaps(store.ledger, id, charges, bytes, now, required.amounts)
    charged = true
  })
  const result = await verifyServiceChain(chainVerifierOf(request.verifier), invocation, {
    proofs: request.proofs,
    resolve: request.resolve,
    service: request.service,
    now,
    clockSkew: skew,
    revocations: store.revocations,
    ...(deferred === undefined ? {} : { isRevoked: deferred.hook }),
    checkCaveats: stateful.hook,
  })
  if (!result.ok) return deny(stateful.denial(result.error), result.links)
  return {
    ok: true,
    value: { authorization: result.value, bytes, reservation: reservationHandle(charged ? store.ledger : undefined, id, bytes) },
    links: result.links,
  }
}
