import { admitInvocationIn } from '@capchain/store'
import { firstRevoked } from '@capchain/store/validate'
import type { ReserveRequest, RevocationStore, StateStore } from '@capchain/store'
import { RevokedError } from '@capchain/verifier'
import type { ChainLink } from '@capchain/verifier'
import { CapExceededError, ReplayError } from '../errors.js'
import type { DeferredRevocation } from '../verify/revocation-check.js'

/** What one request asks of the store at admission. */
export interface Admission {
  /** The chain's links and scopes when its revocation is checked here; absent when the verifier checked it already. */
  readonly revocation: DeferredRevocation | undefined
  /** The replay record: the invocation's identity and when its window ends. */
  readonly replay: { readonly cid: string; readonly expiresAt: number; readonly now: number }
  readonly reservation: ReserveRequest | undefined
}

/**
 * Admit a request through the store in one step (`admitInvocationIn`: one
 * round trip with a store that has `admitInvocation`): the chain's
 * revocation, the replay claim, the reservation; a refusal writes nothing.
 * Refusals raise the errors the separate steps raise, a revoked link the
 * verifier's own `RevokedError` naming it.
 *
 * @throws {RevokedError | ReplayError | CapExceededError}
 * @throws {StoreError} the store failed (nothing was written by a store with `admitInvocation`)
 */
export async function admit(store: StateStore, admission: Admission): Promise<void> {
  const result = await admitInvocationIn(store, {
    revocations: admission.revocation?.scopes ?? [],
    replay: admission.replay,
    ...(admission.reservation === undefined ? {} : { reservation: admission.reservation }),
  })
  if (result.ok) return
  switch (result.refused) {
    case 'revoked':
      throw revokedAt(admission.revocation?.links[result.link])
    case 'replayed':
      throw new ReplayError({ cid: admission.replay.cid, at: 'invocation' })
    case 'exhausted':
      throw new CapExceededError(result.exhausted)
  }
}

/**
 * The `RevokedError` of the first revoked link of a chain whose revocation
 * is deferred, by a lookup of its own, or `undefined`: for a denial found
 * before the admission, so that a revoked chain is still denied as revoked
 * (the verifier checked revocation before the caveat hook's checks).
 *
 * @throws {StoreError} the lookup failed
 */
export async function revokedBefore(revocations: RevocationStore, revocation: DeferredRevocation | undefined): Promise<RevokedError | undefined> {
  if (revocation === undefined) return undefined
  const link = firstRevoked(revocation.scopes, await revocations.lookup(revocation.scopes.map((scope) => scope.cid)))
  return link === undefined ? undefined : revokedAt(revocation.links[link])
}

function revokedAt(link: ChainLink | undefined): RevokedError {
  return new RevokedError(link === undefined ? {} : { cid: link.cid.toString(), at: link.at })
}
