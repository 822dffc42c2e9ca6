import type { AdmitRequest, AdmitResult } from '../interface.js'
import { checkAdmitRequest, firstRevoked } from '../validate.js'
import type { MemoryLedger } from './ledger.js'
import type { MemoryReplay } from './replay.js'
import type { MemoryRevocations } from './revocations.js'

/**
 * `StateStore.admitInvocation` over the memory stores: every check, then
 * every write, with no await in between, so on one event loop it is as
 * atomic as a transaction. The claim is written last: after the
 * reservation, or after its refusal by a cap (an invocation is decided
 * once), never when the reservation throws.
 *
 * @throws {StoreInputError | DuplicateReservationError | ReusedReservationError} nothing written
 */
export function admitInMemory(
  stores: { readonly ledger: MemoryLedger; readonly replay: MemoryReplay; readonly revocations: MemoryRevocations },
  request: AdmitRequest,
): AdmitResult {
  checkAdmitRequest(request)
  const link = firstRevoked(request.revocations, stores.revocations.lookupNow(request.revocations.map((scope) => scope.cid)))
  if (link !== undefined) return { ok: false, refused: 'revoked', link }
  const { cid, expiresAt, now } = request.replay
  if (stores.replay.claimed(cid, now)) return { ok: false, refused: 'replayed' }
  if (request.reservation !== undefined) {
    const reserved = stores.ledger.reserveNow(request.reservation)
    if (!reserved.ok) {
      stores.replay.record(cid, expiresAt)
      return { ok: false, refused: 'exhausted', exhausted: reserved.exhausted }
    }
  }
  stores.replay.record(cid, expiresAt)
  return { ok: true }
}
