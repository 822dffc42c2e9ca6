import type { AdmitRequest, AdmitResult } from '@capchain/store'
import { checkAdmitRequest, firstRevoked } from '@capchain/store/validate'
import type { Connection } from './connection.js'
import type { SqliteLedger } from './ledger.js'
import type { SqliteReplay } from './replay.js'
import type { SqliteRevocations } from './revocations.js'

export interface SqliteParts {
  readonly connection: Connection
  readonly ledger: SqliteLedger
  readonly replay: SqliteReplay
  readonly revocations: SqliteRevocations
}

/**
 * `StateStore.admitInvocation` in SQLite: one write unit of the group
 * commit, so one IMMEDIATE transaction holding the database's write lock
 * from the revocation lookup to the claim, and its own savepoint (an error
 * midway rolls back its writes alone). Refusals come in order: revocations
 * (found before any write), then the replay claim (its upsert writes
 * nothing when the record is taken, so its change count is the check),
 * then the reservation (whose refusal writes nothing). The claim is thus
 * kept when a cap refuses (an invocation is decided once), and undone by
 * the unit's savepoint when the reservation throws.
 *
 * @throws {StoreInputError | DuplicateReservationError | ReusedReservationError | StoreUnavailableError | StoreClosedError} nothing written
 */
export async function admitInSqlite(parts: SqliteParts, request: AdmitRequest): Promise<AdmitResult> {
  checkAdmitRequest(request)
  return parts.connection.write((): AdmitResult => {
    const link = firstRevoked(request.revocations, parts.revocations.lookupIn(request.revocations.map((scope) => scope.cid)))
    if (link !== undefined) return { ok: false, refused: 'revoked', link }
    const { cid, expiresAt, now } = request.replay
    if (!parts.replay.claimIn(cid, expiresAt, now)) return { ok: false, refused: 'replayed' }
    if (request.reservation !== undefined) {
      const reserved = parts.ledger.reserveIn(request.reservation)
      if (!reserved.ok) return { ok: false, refused: 'exhausted', exhausted: reserved.exhausted }
    }
    return { ok: true }
  })
}
