import { DEFAULT_REPLAY_MARGIN } from '@capchain/store'
import type { AdmitRequest, AdmitResult } from '@capchain/store'
import { checkAdmitRequest } from '@capchain/store/validate'
import type { Database } from './database.js'
import { FUNCTIONS } from './migrations/functions.js'
import { reserveParameters, reserveResult } from './ledger.js'
import type { ReserveRow } from './ledger.js'

/** The one row `capchain_admit` returns: its own refusals, or `capchain_reserve`'s row. */
type AdmitRow = { outcome: 'revoked'; link: number } | { outcome: 'replayed' } | ReserveRow

/** A reservation's eleven parameters when there is none: `capchain_admit` then only claims. */
const NO_RESERVATION: readonly unknown[] = Array.from({ length: 11 }, () => null)

/**
 * `StateStore.admitInvocation` in PostgreSQL: one call of
 * `capchain_admit_v4` (migration 3's `capchain_admit`, versioned by
 * migration 4), so one statement, one round trip and one transaction: the
 * revocation lookup, the claim, the reservation, with the claim deleted
 * again when the reservation is refused. Its isolation is the ledger's
 * (row locks: the replay row, the reservation id, the caps in cid order).
 *
 * @throws {StoreInputError | DuplicateReservationError | ReusedReservationError | StoreUnavailableError | StoreClosedError} nothing written
 */
export async function admitInPostgres(db: Database, request: AdmitRequest): Promise<AdmitResult> {
  checkAdmitRequest(request)
  // One row per (link, revoker): the function finds the first link with any of its pairs recorded.
  const pairs = request.revocations.flatMap((scope, link) => scope.revokers.map((revoker) => [link, scope.cid, revoker] as const))
  const { cid, expiresAt, now } = request.replay
  const { reservation } = request
  const { rows } = await db.query<AdmitRow>(
    `SELECT * FROM ${FUNCTIONS.admit}($1, $2, $3, $4, $5, $6, $7,
       $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::numeric[], $18::numeric[])`,
    [
      pairs.map(([link]) => link),
      pairs.map(([, link]) => link),
      pairs.map(([, , revoker]) => revoker),
      cid,
      expiresAt,
      DEFAULT_REPLAY_MARGIN,
      now,
      ...(reservation === undefined ? NO_RESERVATION : reserveParameters(reservation)),
    ],
  )
  const row = rows[0] as AdmitRow
  if (row.outcome === 'revoked') return { ok: false, refused: 'revoked', link: row.link }
  if (row.outcome === 'replayed') return { ok: false, refused: 'replayed' }
  if (reservation === undefined) return { ok: true }
  const reserved = reserveResult(reservation, row)
  return reserved.ok ? { ok: true } : { ok: false, refused: 'exhausted', exhausted: reserved.exhausted }
}
