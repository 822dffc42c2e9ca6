import type { Statement } from 'better-sqlite3'
import type { SweepOptions, SweepResult } from '@capchain/store'
import { checkSweepOptions } from '@capchain/store/validate'
import type { SweepPlan } from '@capchain/store/validate'
import type { Connection } from './connection.js'
import type { SqliteReplay } from './replay.js'

interface WindowRow {
  cid: string
  window_start: number
}

/**
 * `StateStore.sweep` in SQLite: one write unit of the group commit, so it
 * runs in the IMMEDIATE transaction of its batch and sees the writes queued
 * before it; `limit` bounds each of its three deletes, and so the time the
 * write lock is held.
 */
export class SqliteSweep {
  readonly #connection: Connection
  readonly #replay: SqliteReplay
  // Each bound is `column < now - margin`, never `column + margin < now`: a bare column can be read through its index.
  readonly #settledBefore: Statement<[SweepPlan], { id: string }>
  readonly #deleteSettled: Statement<[string]>
  readonly #closedWindows: Statement<[SweepPlan], WindowRow>
  readonly #deleteAmounts: Statement<[string, number]>
  readonly #deleteWindow: Statement<[string, number]>

  constructor(connection: Connection, replay: SqliteReplay) {
    this.#connection = connection
    this.#replay = replay
    const { db } = connection
    this.#settledBefore = db.prepare('SELECT id FROM settled_reservations WHERE reserved_at < @now - @keepSettledFor')
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

  /** Delete up to `limit` settled ids older than `keepSettledFor` whose invocation has no replay record left; returns how many. */
  #sweepSettled(plan: SweepPlan): number {
    const ids: string[] = []
    // Read whole before deleting: the connection runs one statement at a time.
    for (const { id } of this.#settledBefore.iterate(plan)) {
      if (this.#replay.recordedIn(id)) continue
      ids.push(id)
      if (ids.length === plan.limit) break
    }
    for (const id of ids) this.#deleteSettled.run(id)
    return ids.length
  }
}
