import type { Statement } from 'better-sqlite3'
import type { SweepOptions, SweepResult } from '@capchain/store'
import { checkSweepOptions } from '@capchain/store/validate'
import type { SweepPlan } from '@capchain/store/validate'
import type { Connection } from './connection.js'
import type { SqliteReplay } from './replay.js'

interface SettledRow {
  id: string
  reserved_at: number
}

/** The last settled id a sweep examined, in (`reserved_at`, `id`) order. */
interface SettledPosition {
  readonly afterAt: number
  readonly afterId: string
}

/** Before every row: `reserved_at` is a non-negative integer. */
const FROM_THE_START: SettledPosition = { afterAt: -1, afterId: '' }

interface WindowRow {
  cid: string
  window_start: number
}

/**
 * `StateStore.sweep` in SQLite: one write unit of the group commit, so it
 * runs in the IMMEDIATE transaction of its batch and sees the writes queued
 * before it; `limit` bounds each of its three deletes, and the settled ids
 * it examines, and so the time the write lock is held.
 */
export class SqliteSweep {
  readonly #connection: Connection
  readonly #replay: SqliteReplay
  // Each bound is `column < now - margin`, never `column + margin < now`: a bare column can be read through its index.
  readonly #settledAfter: Statement<[SweepPlan & SettledPosition], SettledRow>
  readonly #deleteSettled: Statement<[string]>
  readonly #closedWindows: Statement<[SweepPlan], WindowRow>
  readonly #deleteAmounts: Statement<[string, number]>
  readonly #deleteWindow: Statement<[string, number]>
  #settledFrom = FROM_THE_START

  constructor(connection: Connection, replay: SqliteReplay) {
    this.#connection = connection
    this.#replay = replay
    const { db } = connection
    this.#settledAfter = db.prepare(
      `SELECT id, reserved_at FROM settled_reservations
       WHERE reserved_at < @now - @keepSettledFor AND (reserved_at, id) > (@afterAt, @afterId)
       ORDER BY reserved_at, id LIMIT @limit`,
    )
    this.#deleteSettled = db.prepare('DELETE FROM settled_reservations WHERE id = ?')
    // Window 0 is never swept: it is a lifetime cap's only window.
    this.#closedWindows = db.prepare(
      `SELECT w.cid, w.window_start FROM cap_windows w
       WHERE w.window_start > 0
         AND EXISTS (SELECT 1 FROM cap_windows l WHERE l.cid = w.cid AND l.window_start > w.window_start AND l.window_start < @now - @margin)
         AND NOT EXISTS (SELECT 1 FROM reservation_windows rw WHERE rw.cid = w.cid AND rw.window_start = w.window_start)
       LIMIT @limit`,
    )
    this.#deleteAmounts = db.prepare('DELETE FROM cap_amounts WHERE cid = ? AND window_start = ?')
    this.#deleteWindow = db.prepare('DELETE FROM cap_windows WHERE cid = ? AND window_start = ?')
  }

  /** @throws {StoreInputError | StoreUnavailableError | StoreClosedError} */
  async sweep(options: SweepOptions): Promise<SweepResult> {
    const plan = checkSweepOptions(options)
    return this.#connection.write(() => {
      const replay = this.#replay.sweepIn(plan.now, plan.margin, plan.limit)
      // After the replay records: a settled id goes only once its invocation's record is gone.
      const settled = this.#sweepSettled(plan)
      const closed = this.#closedWindows.all(plan)
      for (const { cid, window_start } of closed) {
        this.#deleteAmounts.run(cid, window_start)
        this.#deleteWindow.run(cid, window_start)
      }
      return { replay, settled, windows: closed.length }
    })
  }

  /**
   * Examine up to `limit` settled ids older than `keepSettledFor`, from
   * where the last sweep of this store stopped, and delete those whose
   * invocation has no replay record left; returns how many. An id passed
   * over is looked at again on the next round, once a sweep has reached the
   * end and started over: a sweep's work stays bounded by `limit` however
   * many ids long-lived replay records keep (a window longer than
   * `keepSettledFor`). The position is this process's own, and is not rolled back with
   * a failed write unit: the ids it skipped then wait for the next round.
   */
  #sweepSettled(plan: SweepPlan): number {
    const examined = this.#settledAfter.all({ ...plan, ...this.#settledFrom })
    const last = examined.at(-1)
    this.#settledFrom = last === undefined || examined.length < plan.limit ? FROM_THE_START : { afterAt: last.reserved_at, afterId: last.id }
    let deleted = 0
    for (const { id } of examined) {
      if (this.#replay.recordedIn(id)) continue
      this.#deleteSettled.run(id)
      deleted++
    }
    return deleted
  }
}
