import type { Database } from 'better-sqlite3'
import { StoreClosedError, StoreError, StoreUnavailableError } from '@capchain/store'
import { prepareBatchStatements, runBatch } from './batch.js'
import type { BatchStatements, Unit } from './batch.js'

/**
 * Most calls one transaction carries. The write lock is held, and the event
 * loop blocked, while a batch runs: a bound keeps that short and lets other
 * processes on the same file in between batches.
 */
export const MAX_BATCH = 256

/**
 * One better-sqlite3 connection and the rules every call follows: refuse
 * after close, turn driver failures into `StoreUnavailableError` (our own
 * typed errors pass through), and write by group commit.
 *
 * Group commit: with `synchronous = FULL` every COMMIT waits for an fsync of
 * the WAL, which costs far more than the statements themselves. Writes are
 * therefore queued and flushed together on the next turn of the event loop,
 * in one IMMEDIATE transaction (the write lock is taken before the first
 * read, so a check and the write it allows cannot interleave with another
 * process) and one fsync, each call in its own savepoint so that it stays
 * atomic on its own (see `runBatch`).
 */
export class Connection {
  readonly db: Database
  readonly #statements: BatchStatements
  readonly #queue: Unit[] = []
  #flush: NodeJS.Immediate | undefined
  #closed = false

  constructor(db: Database) {
    this.db = db
    this.#statements = prepareBatchStatements(db)
  }

  /**
   * Run `work` in the next batch: atomically, after the writes of every call
   * made before it, and settled only once the batch is committed to disk.
   * @throws {StoreClosedError | StoreUnavailableError} or the `StoreError` `work` threw
   */
  write<T>(work: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError())
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: (value) => resolve(value as T), reject })
      this.#flush ??= setImmediate(() => this.#flushNext())
    })
  }

  /**
   * Run read-only `work` now, against committed state (writes still queued
   * are not seen; a write whose promise has settled is).
   * @throws {StoreClosedError | StoreUnavailableError} or the `StoreError` `work` threw
   */
  read<T>(work: () => T): T {
    if (this.#closed) throw new StoreClosedError()
    try {
      return work()
    } catch (error) {
      if (error instanceof StoreError) throw error
      throw new StoreUnavailableError(error)
    }
  }

  /**
   * Refuse new calls, then run every call already made to its end (each is
   * committed, or rejected with its own error) before releasing the
   * database: a caller who got a promise gets a real outcome, never a
   * half-written one. Idempotent.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    if (this.#flush !== undefined) clearImmediate(this.#flush)
    while (this.#queue.length > 0) runBatch(this.#statements, this.#queue.splice(0, MAX_BATCH))
    this.db.close()
  }

  /** Run one batch; what is left (beyond {@link MAX_BATCH}) waits for the next turn, after pending I/O. */
  #flushNext(): void {
    this.#flush = undefined
    runBatch(this.#statements, this.#queue.splice(0, MAX_BATCH))
    if (this.#queue.length > 0) this.#flush = setImmediate(() => this.#flushNext())
  }
}
