import type { AdmitRequest, AdmitResult, StateStore } from '../interface.js'
import { checkAdmitRequest, firstRevoked } from '../validate.js'

/**
 * Admit a request through `store`: its own `admitInvocation` when it has
 * one (one atomic step), otherwise the same three checks as three calls, in
 * the same order with the same answers: the chain's revocation records in
 * one lookup, the replay claim, the reservation. That composition is not
 * atomic across the calls (a crash between them can leave a claim without
 * its reservation: the invocation is then refused, never executed twice).
 *
 * @throws {StoreInputError} what `claim` or `reserve` refuses, or a scope with an empty CID or revoker
 * @throws {DuplicateReservationError | ReusedReservationError} as `reserve`
 * @throws {StoreUnavailableError | StoreClosedError}
 */
export async function admitInvocationIn(store: StateStore, request: AdmitRequest): Promise<AdmitResult> {
  if (store.admitInvocation !== undefined) return store.admitInvocation(request)
  checkAdmitRequest(request)
  const records = await store.revocations.lookup(request.revocations.map((scope) => scope.cid))
  const link = firstRevoked(request.revocations, records)
  if (link !== undefined) return { ok: false, refused: 'revoked', link }
  const { cid, expiresAt, now } = request.replay
  if (!(await store.replay.claim(cid, expiresAt, now))) return { ok: false, refused: 'replayed' }
  if (request.reservation === undefined) return { ok: true }
  const reserved = await store.ledger.reserve(request.reservation)
  return reserved.ok ? { ok: true } : { ok: false, refused: 'exhausted', exhausted: reserved.exhausted }
}
