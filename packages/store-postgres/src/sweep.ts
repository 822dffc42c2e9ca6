import type { SweepOptions, SweepResult } from '@capchain/store'
import { checkSweepOptions } from '@capchain/store/validate'
import type { Database } from './database.js'

/**
 * `StateStore.sweep` in PostgreSQL: three statements, each its own
 * READ COMMITTED transaction of at most `limit` rows. Every candidate row is
 * taken `FOR UPDATE SKIP LOCKED`: a row a request holds (a claim being
 * taken over, a window being charged) is left for the next sweep rather
 * than waited for, and the sweep's own locks last one bounded statement.
 * The replay records go first, so the settled ids whose invocation's record
 * that statement removed can go in the second. A window found closed but
 * charged meanwhile by an instance whose clock is off by more than `margin`
 * fails the statement on its foreign key (nothing removed): the skew is
 * the margin's to cover, and a refusal keeps the window.
 *
 * @throws {StoreInputError | StoreUnavailableError | StoreClosedError}
 */
export async function sweepPostgres(db: Database, options: SweepOptions, settledFrom: SettledPosition): Promise<SweepResult> {
  const { now, margin, keepSettledFor, limit } = checkSweepOptions(options)
  // Each bound is `column < now - margin`, never `column + margin < now`: a bare column can be read through its index.
  const replay = await db.query(
    `DELETE FROM replay WHERE cid IN (
       SELECT cid FROM replay WHERE expires_at < $2::bigint - $1::bigint LIMIT $3 FOR UPDATE SKIP LOCKED)`,
    [margin, now, limit],
  )
  const settled = await sweepSettled(db, keepSettledFor, now, limit, settledFrom)
  // Window 0 is never swept: it is a lifetime cap's only window. The amounts' foreign key is checked at the statement's end.
  const windows = await db.query(
    `WITH closed AS (
       SELECT w.cid, w.window_start FROM cap_windows w
       WHERE w.window_start > 0
         AND EXISTS (SELECT 1 FROM cap_windows l WHERE l.cid = w.cid AND l.window_start > w.window_start AND l.window_start < $2::bigint - $1::bigint)
         AND NOT EXISTS (SELECT 1 FROM reservation_windows rw WHERE rw.cid = w.cid AND rw.window_start = w.window_start)
       LIMIT $3 FOR UPDATE OF w SKIP LOCKED
     ), amounts AS (
       DELETE FROM cap_amounts a USING closed c WHERE a.cid = c.cid AND a.window_start = c.window_start
     )
     DELETE FROM cap_windows w USING closed c WHERE w.cid = c.cid AND w.window_start = c.window_start`,
    [margin, now, limit],
  )
  return { replay: replay.rowCount ?? 0, settled, windows: windows.rowCount ?? 0 }
}

/**
 * Where the next sweep of settled ids starts: after the last one examined,
 * in (`reserved_at`, `id`) order. Each store keeps its own; it starts as
 * {@link settledFromTheStart}.
 */
export interface SettledPosition {
  /** `reserved_at` of the last id examined, as PostgreSQL prints a bigint; `-1` before every row. */
  afterAt: string
  afterId: string
}

export const settledFromTheStart = (): SettledPosition => ({ afterAt: '-1', afterId: '' })

/**
 * Examine up to `limit` settled ids older than `keepSettledFor` from
 * `position` on, delete those whose invocation has no replay record left,
 * and move `position` past them (back to the start once the end is
 * reached); returns how many went. An id passed over is looked at again on
 * the next round: a sweep's work stays bounded by `limit` however many ids
 * long-lived replay records keep (a window longer than `keepSettledFor`).
 */
async function sweepSettled(db: Database, keepSettledFor: number, now: number, limit: number, position: SettledPosition): Promise<number> {
  const result = await db.query<{ deleted: number; examined: number; last_at: string | null; last_id: string | null }>(
    `WITH examined AS (
       SELECT id, reserved_at FROM settled_reservations
       WHERE reserved_at < $2::bigint - $1::bigint AND (reserved_at, id) > ($4::bigint, $5::text)
       ORDER BY reserved_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
     ), deleted AS (
       DELETE FROM settled_reservations s USING examined e
       WHERE s.id = e.id AND NOT EXISTS (SELECT 1 FROM replay r WHERE r.cid = s.id)
       RETURNING s.id
     ), last AS (
       SELECT reserved_at, id FROM examined ORDER BY reserved_at DESC, id DESC LIMIT 1
     )
     SELECT (SELECT count(*) FROM deleted)::int AS deleted, (SELECT count(*) FROM examined)::int AS examined,
            (SELECT reserved_at::text FROM last) AS last_at, (SELECT id FROM last) AS last_id`,
    [keepSettledFor, now, limit, position.afterAt, position.afterId],
  )
  const row = result.rows[0]!
  const next = row.examined < limit || row.last_at === null || row.last_id === null ? settledFromTheStart() : { afterAt: row.last_at, afterId: row.last_id }
  Object.assign(position, next)
  return row.deleted
}
