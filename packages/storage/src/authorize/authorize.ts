/**
 * `authorizeStorageRequest`: everything a storage service checks before it
 * serves a request, in this order (docs/storage.md, "Serving a request"):
 *
 *  1. the invocation, re-read from its bytes;
 *  2. the profile: operation, `args` (the path is canonical, before any
 *     policy sees it), the path and size the service will use, `exp`;
 *  3. the whole chain with the storage verifier: signatures, time,
 *     principals, commands, policies (each cap taken out and handed to our
 *     hook: verify/cap-caveats.ts), then revocation through the store;
 *  4. last, in the verifier's caveat hook: replay (the invocation's CID is
 *     recorded until its window ends), the request's `measure` when it has
 *     one (the first moment the service may look at its files), then, when
 *     the chain has caps, one atomic reservation of the bytes and one use on
 *     every cap.
 *
 * The first failure answers; nothing is reserved unless everything passed.
 */
import { envelopeIdentity } from '@capchain/core/envelope'
import { CapchainError } from '@capchain/core/errors'
import { DEFAULT_CLOCK_SKEW } from '@capchain/verifier'
import type { ChainLink } from '@capchain/verifier'
import { ReplayError, SizeExceededError } from '../errors.js'
import { unixNow } from '../time.js'
import { chargesOf } from '../verify/cap-caveats.js'
import { reserveCaps } from '../verify/caps.js'
import { caveatHook } from '../verify/caveat-hook.js'
import { readInvocation } from '../verify/read-invocation.js'
import { chainVerifierOf } from '../verify/storage-verifier.js'
import { verifyStorageChain } from '../verify/verify-chain.js'
import type { StorageAuthorization, StorageRequest, StorageResult } from './interface.js'
import { checkProfile } from './profile-check.js'
import type { CheckedRequest } from './profile-check.js'
import { reservationHandle } from './reservation.js'

/**
 * Check a storage request and reserve what it will consume. On success,
 * call `reservation.commit()` once the operation is done, or
 * `reservation.refund()` if it failed.
 *
 * @throws {InvalidOptionsError} a `clockSkew` the verifier refuses; every denial is returned
 */
export async function authorizeStorageRequest(request: StorageRequest): Promise<StorageResult<StorageAuthorization>> {
  const now = request.now ?? unixNow()
  const skew = request.clockSkew ?? DEFAULT_CLOCK_SKEW
  const deny = (error: CapchainError, links: readonly ChainLink[] = []): StorageResult<StorageAuthorization> => ({ ok: false, error, links })

  const invocation = readInvocation(request.invocation)
  if (invocation instanceof CapchainError) return deny(invocation)

  let profile: CheckedRequest
  try {
    profile = checkProfile(invocation, request, now)
  } catch (error) {
    if (error instanceof CapchainError) return deny(error)
    throw error
  }

  const { ledger, replay, revocations } = request.store
  // Replay records and charges are keyed by the invocation's identity, one for every encoding of it.
  const id = envelopeIdentity(invocation.envelope).toString()
  let charged = false
  let size = profile.size
  const stateful = caveatHook(async ({ enforced }) => {
    // The invocation verifies at most until its own exp plus the skew; its record must last as long.
    if (!(await replay.claim(id, profile.expiration + skew, now))) throw new ReplayError({ cid: id, at: 'invocation' })
    if (request.measure !== undefined) {
      size = await request.measure(invocation.payload.sub)
      if (size > profile.size) throw new SizeExceededError(profile.size, size, { cid: invocation.cid.toString(), at: 'args.size' })
    }
    const charges = chargesOf(enforced)
    // A chain without caps has nothing to charge: the replay record alone makes the request once-only.
    if (charges.length === 0) return
    await reserveCaps(ledger, id, charges, size, now)
    charged = true
  })
  const result = await verifyStorageChain(chainVerifierOf(request.verifier), invocation, {
    proofs: request.proofs,
    resolve: request.resolve,
    service: request.service,
    now,
    clockSkew: skew,
    revocations,
    checkCaveats: stateful.hook,
  })
  if (!result.ok) return deny(stateful.denial(result.error), result.links)
  return {
    ok: true,
    value: {
      authorization: result.value,
      op: profile.op,
      path: profile.path,
      size,
      reservation: reservationHandle(charged ? ledger : undefined, id, size),
    },
    links: result.links,
  }
}
