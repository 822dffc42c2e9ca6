import type { Database } from './database.js'

/** A reservation still open: charged to its caps, neither committed nor refunded. */
export interface OpenReservation {
  readonly id: string
  readonly bytes: number
  readonly uses: number
  /** When it was made, unix seconds. */
  readonly at: number
  /** CIDs of the caps it charged. */
  readonly caps: readonly string[]
}

interface OpenRow {
  id: string
  bytes: string
  uses: string
  created_at: string
  caps: string[]
}

/**
 * Every open reservation made at or before `before` (unix seconds), oldest
 * first. A reservation whose instance crashed mid-request stays open and
 * charged; an operator lists them and settles each with `ledger.commit`
 * (the work may have been served) or `ledger.refund`.
 *
 * @throws {StoreUnavailableError | StoreClosedError}
 */
export async function listOpenReservations(db: Database, before: number): Promise<readonly OpenReservation[]> {
  const { rows } = await db.query<OpenRow>(
    `SELECT r.id, r.bytes, r.uses, r.created_at,
            coalesce(array_agg(rw.cid ORDER BY rw.cid) FILTER (WHERE rw.cid IS NOT NULL), '{}') AS caps
     FROM reservations r LEFT JOIN reservation_windows rw ON rw.reservation = r.id
     WHERE r.created_at <= $1
     GROUP BY r.id ORDER BY r.created_at, r.id`,
    [before],
  )
  return rows.map((row) => ({
    id: row.id,
    bytes: Number(row.bytes),
    uses: Number(row.uses),
    at: Number(row.created_at),
    caps: row.caps,
  }))
}
