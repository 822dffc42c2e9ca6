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
 * A revocation is executed at most once, like any invocation: it is claimed
 * in the replay store under its identity before anything is charged, so a
 * second send is `ReplayError` and charges nothing.
 */
import { envelopeIdentity } from '@capchain/core/envelope'
import { CapchainError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { AuthorizedInvocation } from '@capchain/verifier'
import { DEFAULT_CLOCK_SKEW, UnenforcedCaveatError } from '@capchain/verifier'
import type { ChainLink } from '@capchain/verifier'
import type { CID } from 'multiformats/cid'
import { InvalidRevocationError, ReplayError } from '../errors.js'
import type { CheckOptions, GuardResult } from '../interface.js'
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
export type RevocationRequest = CheckOptions

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

  const { ledger, replay, revocations } = request.store
  const verifier = chainVerifierOf(request.verifier)
  // A revocation through a capped chain is one use of it, like any invocation.
  let charged = false
  const stateful = caveatHook(async ({ authorization, enforced }) => {
    // A profile's statements (capchain/evm@1…) were false for this revocation before the guard took them out; they stay a denial.
    const profile = profileStatementsOf(enforced)
    if (profile.length > 0) throw new UnenforcedCaveatError({ cid: profile[0]!.cid.toString(), at: profile[0]!.at })
    // It verifies until the chain's earliest exp plus the skew (forever when nothing expires); its record lasts as long.
    const until = authorization.expiration === null ? Number.MAX_SAFE_INTEGER : authorization.expiration + skew
    if (!(await replay.claim(id, until, now))) throw new ReplayError({ cid: id, at: 'invocation' })
    const charges = chargesOf(enforced)
    if (charges.length === 0) return
    await reserveCaps(ledger, id, charges, 0, now)
    charged = true
  })
  const verified = await verifyServiceChain(verifier, invocation, {
    proofs: request.proofs,
    resolve: request.resolve,
    service: request.service,
    now,
    clockSkew: skew,
    revocations,
    checkCaveats: stateful.hook,
  })
  if (!verified.ok) return deny(stateful.denial(verified.error), verified.links)
  const revoker = verified.value.subject

  try {
    const tokens = await witnessTokens(revocation.path, request.proofs, request.resolve)
    const identity = await checkWitness(verifier, revocation, tokens, revoker, { now, clockSkew: skew, cid: id })
    const recorded = await revocations.add({ cid: identity.toString(), revoker, at: now, invocation: id })
    if (charged) await ledger.commit(id)
    return {
      ok: true,
      value: { revoked: revocation.revoke, revoker, recorded, authorization: verified.value },
      links: verified.links,
    }
  } catch (error) {
    if (charged) await ledger.refund(id)
    if (error instanceof CapchainError) return deny(error, verified.links)
    throw error
  }
}
