/**
 * Accepting a revocation (ucan-wg/revocation; docs/storage.md, "Revocation").
 *
 * A `/ucan/revoke` invocation is verified like any other, with its own
 * chain, by the verifier. The principal whose authority it exercises is its
 * subject: the invoker itself when it invokes on its own behalf (`iss ==
 * sub`, no proof), or, through a chain that grants `/ucan/revoke`, the
 * principal that delegated revocation (a wallet's SIWE root, say). That
 * principal must have issued the revoked delegation or one above it in the
 * witness path, a chain verified from its root down to the revoked
 * delegation. The record then denies the delegation in every chain where
 * that principal is upstream of it.
 */
import { CapchainError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { AuthorizedInvocation } from '@capchain/verifier'
import { ChainTooLongError, DEFAULT_CLOCK_SKEW, MAX_CHAIN_LENGTH } from '@capchain/verifier'
import type { CID } from 'multiformats/cid'
import type { StorageCheckOptions, StorageResult } from '../authorize/interface.js'
import { InvalidRevocationError } from '../errors.js'
import { REVOKE_COMMAND } from '../profile/commands.js'
import { unixNow } from '../time.js'
import { chargesOf, reserveCaps } from '../verify/caps.js'
import { caveatHook } from '../verify/caveat-hook.js'
import { prepareProofs } from '../verify/prepare.js'
import type { PreparedProofs } from '../verify/prepare.js'
import { readInvocation } from '../verify/read-invocation.js'
import { chainVerifierOf } from '../verify/storage-verifier.js'
import { verifyPrepared } from '../verify/verify-prepared.js'
import { checkRevocationArgs } from './args.js'
import type { RevocationArgs } from './args.js'
import { checkWitness } from './witness.js'

/** `proofs` carries the revocation's own proofs and the witness path's delegations. */
export type RevocationRequest = StorageCheckOptions

export interface AcceptedRevocation {
  readonly revoked: CID
  /** The principal whose authority revoked it. */
  readonly revoker: DID
  /** `false` when this revoker had already revoked it (revocations are idempotent). */
  readonly recorded: boolean
  readonly authorization: AuthorizedInvocation
}

/**
 * Verify a `/ucan/revoke` invocation and record the revocation.
 *
 * @throws {InvalidOptionsError} a `clockSkew` the verifier refuses; every denial is returned
 */
export async function revokeDelegation(request: RevocationRequest): Promise<StorageResult<AcceptedRevocation>> {
  const now = request.now ?? unixNow()
  const skew = request.clockSkew ?? DEFAULT_CLOCK_SKEW
  const deny = (error: CapchainError): StorageResult<AcceptedRevocation> => ({ ok: false, error })

  const invocation = readInvocation(request.invocation)
  if (invocation instanceof CapchainError) return deny(invocation)
  const id = invocation.cid.toString()
  const { prf, cmd, args } = invocation.payload
  if (cmd !== REVOKE_COMMAND) {
    return deny(new InvalidRevocationError(`a revocation invokes ${REVOKE_COMMAND}, not ${cmd}`, { cid: id, at: 'payload.cmd' }))
  }
  if (prf.length > MAX_CHAIN_LENGTH) return deny(new ChainTooLongError(prf.length, MAX_CHAIN_LENGTH, { at: 'invocation' }))

  let revocation: RevocationArgs
  let prepared: PreparedProofs
  try {
    revocation = checkRevocationArgs(args, id)
    prepared = await prepareProofs([...prf, ...revocation.path], request.proofs, request.resolve)
  } catch (error) {
    if (error instanceof CapchainError) return deny(error)
    throw error
  }

  const { ledger, revocations } = request.store
  const verifier = chainVerifierOf(request.verifier)
  // A revocation through a capped chain is one use of it, like any invocation.
  const stateful = caveatHook(({ authorization }) => reserveCaps(ledger, id, chargesOf(authorization.chain, prepared), 0, now))
  const verified = await verifyPrepared(verifier, invocation, prepared, {
    service: request.service,
    now,
    clockSkew: skew,
    revocations,
    checkCaveats: stateful.hook,
  })
  if (!verified.ok) return deny(stateful.denial(verified.error))
  const revoker = verified.value.subject

  try {
    const known = await checkWitness(verifier, revocation, prepared, revoker, { now, clockSkew: skew, cid: id })
    const added = await Promise.all(known.map((cid) => revocations.add({ cid: cid.toString(), revoker, at: now, invocation: id })))
    await ledger.commit(id)
    return { ok: true, value: { revoked: revocation.revoke, revoker, recorded: added[0] === true, authorization: verified.value } }
  } catch (error) {
    await ledger.refund(id)
    if (error instanceof CapchainError) return deny(error)
    throw error
  }
}
