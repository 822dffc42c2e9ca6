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
export async function sweepPostgres(db: Database, options: SweepOptions): Promise<SweepResult> {
  const { now, margin, keepSettledFor, limit } = checkSweepOptions(options)
  // Each bound is `column < now - margin`, never `column + margin < now`: a bare column can be read through its index.
  const replay = await db.query(
    `DELETE FROM replay WHERE cid IN (
       SELECT cid FROM replay WHERE expires_at < $2::bigint - $1::bigint LIMIT $3 FOR UPDATE SKIP LOCKED)`,
    [margin, now, limit],
  )
  const settled = await db.query(
    `DELETE FROM settled_reservations WHERE id IN (
       SELECT s.id FROM settled_reservations s
       WHERE s.reserved_at < $2::bigint - $1::bigint AND NOT EXISTS (SELECT 1 FROM replay r WHERE r.cid = s.id)
       LIMIT $3 FOR UPDATE SKIP LOCKED)`,
    [keepSettledFor, now, limit],
  )
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
  return { replay: replay.rowCount ?? 0, settled: settled.rowCount ?? 0, windows: windows.rowCount ?? 0 }
}
