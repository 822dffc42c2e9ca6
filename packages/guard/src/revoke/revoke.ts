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
 * delegation. The record, kept under the revoked link's identity, then
 * denies every encoding of the delegation in every chain where that
 * principal is upstream of it.
 *
 * Nothing is written until the revocation is known to be accepted: its
 * chain verified, its witness path verified, the path's subject admitted
 * (`admit`). It is executed at most once, and leaves no replay record: its
 * revocation record, kept for ever, names the invocation that wrote it, so
 * a second send finds that record and is `ReplayError`, whenever it comes.
 * (A replay record would have to last as long, and one written for each
 * revocation that records nothing would grow with requests.) A revocation
 * of a delegation its revoker has already revoked by another invocation
 * writes and charges nothing (`recorded: false`). A new one is charged
 * first, so a cap's refusal leaves nothing behind either; if a revocation
 * racing it records the delegation first, its charge is refunded.
 */
import { envelopeIdentity } from '@capchain/core/envelope'
import { CapchainError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { AuthorizedInvocation } from '@capchain/verifier'
import { DEFAULT_CLOCK_SKEW, UnenforcedCaveatError } from '@capchain/verifier'
import type { ChainLink } from '@capchain/verifier'
import { DuplicateReservationError, ReusedReservationError, StoreUnavailableError } from '@capchain/store'
import type { CapCharge, RevocationRecord } from '@capchain/store'
import type { CID } from 'multiformats/cid'
import { InvalidRevocationError, ReplayError } from '../errors.js'
import type { AuthorizeRequest, CheckOptions, GuardResult } from '../interface.js'
import { unixNow } from '../time.js'
import { chargesOf, profileStatementsOf } from '../verify/cap-caveats.js'
import { reserveCaps } from '../verify/caps.js'
import { caveatHook } from '../verify/caveat-hook.js'
import { readInvocation } from '../verify/read-invocation.js'
import { chainVerifierOf } from '../verify/service-verifier.js'
import { verifyServiceChain } from '../verify/verify-chain.js'
import { checkRevocationArgs } from './args.js'
import type { RevocationArgs } from './args.js'
import { REVOKE_COMMAND } from './command.js'
import { checkWitness } from './witness.js'
import { witnessTokens } from './witness-tokens.js'

/** `proofs` carries the revocation's own proofs and the witness path's delegations. */
export interface RevocationRequest extends CheckOptions {
  /**
   * Admission of the subject of the chain a revocation is about (the
   * witness path's), as for any invocation the service executes
   * (`AuthorizeRequest.admit`): a revocation is state kept for ever, so one
   * about a subject the service does not serve writes nothing. Asked once
   * the path is verified. Default: every subject.
   */
  readonly admit?: AuthorizeRequest['admit']
}

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
export async function revokeDelegation(request: RevocationRequest): Promise<GuardResult<AcceptedRevocation>> {
  const now = request.now ?? unixNow()
  const skew = request.clockSkew ?? DEFAULT_CLOCK_SKEW
  const deny = (error: CapchainError, links: readonly ChainLink[] = []): GuardResult<AcceptedRevocation> => ({ ok: false, error, links })

  const invocation = readInvocation(request.invocation)
  if (invocation instanceof CapchainError) return deny(invocation)
  const id = envelopeIdentity(invocation.envelope).toString()
  const { cmd, args } = invocation.payload
  if (cmd !== REVOKE_COMMAND) {
    return deny(new InvalidRevocationError(`a revocation invokes ${REVOKE_COMMAND}, not ${cmd}`, { cid: id, at: 'payload.cmd' }))
  }

  let revocation: RevocationArgs
  try {
    revocation = checkRevocationArgs(args, id)
  } catch (error) {
    if (error instanceof CapchainError) return deny(error)
    throw error
  }

  const { ledger, revocations } = request.store
  const verifier = chainVerifierOf(request.verifier)
  // The chain's caps, taken out by the verifier: a revocation through a capped chain is one use of it, charged below.
  let charges: readonly CapCharge[] = []
  const caveats = caveatHook(async ({ enforced }) => {
    // A profile's statements (capchain/evm@1…) were false for this revocation before the guard took them out; they stay a denial.
    const profile = profileStatementsOf(enforced)
    if (profile.length > 0) throw new UnenforcedCaveatError({ cid: profile[0]!.cid.toString(), at: profile[0]!.at })
    charges = chargesOf(enforced)
  })
  const verified = await verifyServiceChain(verifier, invocation, {
    proofs: request.proofs,
    resolve: request.resolve,
    service: request.service,
    now,
    clockSkew: skew,
    revocations,
    checkCaveats: caveats.hook,
  })
  if (!verified.ok) return deny(caveats.denial(verified.error), verified.links)
  const revoker = verified.value.subject

  let charged = false
  try {
    const tokens = await witnessTokens(revocation.path, request.proofs, request.resolve)
    const witness = await checkWitness(verifier, revocation, tokens, revoker, { now, clockSkew: skew, cid: id })
    // The revoked chain's subject, not the revoker's: a session key revoking its own grant acts as itself.
    const refused = request.admit?.(witness.subject, id)
    if (refused !== undefined) return deny(refused, verified.links)
    const revoked = witness.identity.toString()
    const accepted = (recorded: boolean): GuardResult<AcceptedRevocation> => ({
      ok: true,
      value: { revoked: revocation.revoke, revoker, recorded, authorization: verified.value },
      links: verified.links,
    })
    /** It was recorded already: by this invocation (a replay), or by another (nothing to do). */
    const alreadyRecorded = (record: RevocationRecord): GuardResult<AcceptedRevocation> => {
      if (record.invocation === id) throw new ReplayError({ cid: id, at: 'invocation' })
      return accepted(false)
    }
    const recordOf = async () => (await revocations.lookup([revoked])).find((record) => record.revoker === revoker)
    const earlier = await recordOf()
    if (earlier !== undefined) return alreadyRecorded(earlier)
    if (charges.length > 0) {
      await reserveCaps(ledger, id, charges, 0, now).catch((error: unknown) => {
        // Reservations are named by the invocation: one already made under this name is another send of this revocation.
        if (error instanceof DuplicateReservationError || error instanceof ReusedReservationError) throw new ReplayError({ cid: id, at: 'invocation' })
        throw error
      })
      charged = true
    }
    if (await revocations.add({ cid: revoked, revoker, at: now, invocation: id })) {
      if (charged) await ledger.commit(id)
      return accepted(true)
    }
    // Recorded meanwhile, by a send racing this one: this one changed nothing, so it spends nothing.
    if (charged) {
      charged = false
      await ledger.refund(id)
    }
    const first = await recordOf()
    if (first === undefined) throw new StoreUnavailableError(`the store refused revocation ${id} as a duplicate but holds no record of it`)
    return alreadyRecorded(first)
  } catch (error) {
    if (charged) await ledger.refund(id)
    if (error instanceof CapchainError) return deny(error, verified.links)
    throw error
  }
}
