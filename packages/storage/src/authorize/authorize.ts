/**
 * `authorizeStorageRequest`: everything a storage service checks before it
 * serves a request, in this order (docs/storage.md, "Serving a request"):
 *
 *  1. the invocation, re-read from its bytes;
 *  2. the profile: operation, `args` (the path is canonical, before any
 *     policy sees it), the path and size the service will use, `exp`;
 *  3. the proofs, with caps taken out for the ledger (verify/prepare.ts);
 *  4. the whole chain with the verifier: signatures, time, principals,
 *     commands, policies, then revocation through the store;
 *  5. last, in the verifier's caveat hook: replay (the invocation's CID is
 *     recorded until its window ends), then one atomic reservation of the
 *     bytes and one use on every cap of the chain.
 *
 * The first failure answers; nothing is reserved unless everything passed.
 */
import { CapchainError } from '@capchain/core/errors'
import { ChainTooLongError, DEFAULT_CLOCK_SKEW, MAX_CHAIN_LENGTH } from '@capchain/verifier'
import { ReplayError } from '../errors.js'
import { unixNow } from '../time.js'
import { chargesOf, reserveCaps } from '../verify/caps.js'
import { caveatHook } from '../verify/caveat-hook.js'
import { prepareProofs } from '../verify/prepare.js'
import { readInvocation } from '../verify/read-invocation.js'
import type { PreparedProofs } from '../verify/prepare.js'
import { chainVerifierOf } from '../verify/storage-verifier.js'
import { verifyPrepared } from '../verify/verify-prepared.js'
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
  const deny = (error: CapchainError): StorageResult<StorageAuthorization> => ({ ok: false, error })

  const invocation = readInvocation(request.invocation)
  if (invocation instanceof CapchainError) return deny(invocation)
  const { prf } = invocation.payload
  if (prf.length > MAX_CHAIN_LENGTH) return deny(new ChainTooLongError(prf.length, MAX_CHAIN_LENGTH, { at: 'invocation' }))

  let profile: CheckedRequest
  let prepared: PreparedProofs
  try {
    profile = checkProfile(invocation, request, now)
    prepared = await prepareProofs(prf, request.proofs, request.resolve)
  } catch (error) {
    if (error instanceof CapchainError) return deny(error)
    throw error
  }

  const { ledger, replay, revocations } = request.store
  const id = invocation.cid.toString()
  const stateful = caveatHook(async ({ authorization }) => {
    // The invocation verifies at most until its own exp plus the skew; its record must last as long.
    if (!(await replay.claim(id, profile.expiration + skew, now))) throw new ReplayError({ cid: id, at: 'invocation' })
    await reserveCaps(ledger, id, chargesOf(authorization.chain, prepared), profile.size, now)
  })
  const result = await verifyPrepared(chainVerifierOf(request.verifier), invocation, prepared, {
    service: request.service,
    now,
    clockSkew: skew,
    revocations,
    checkCaveats: stateful.hook,
  })
  if (!result.ok) return deny(stateful.denial(result.error))
  return {
    ok: true,
    value: {
      authorization: result.value,
      op: profile.op,
      path: profile.path,
      size: profile.size,
      reservation: reservationHandle(ledger, id, profile.size),
    },
  }
}
