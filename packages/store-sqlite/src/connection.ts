import type { Database } from 'better-sqlite3'
import { StoreClosedError, StoreError, StoreUnavailableError } from '@capchain/store'
import { prepareBatchStatements, rejectAll, runBatch } from './batch.js'
import type { BatchStatements, Unit } from './batch.js'
import type { WalSync } from './wal-sync.js'

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
 * Group commit: making a COMMIT durable takes an fsync of the WAL, which
 * costs far more than the statements themselves. Writes are therefore
 * queued and flushed together on the next turn of the event loop, in one
 * IMMEDIATE transaction (the write lock is taken before the first read, so
 * a check and the write it allows cannot interleave with another process)
 * and one fsync, each call in its own savepoint so that it stays atomic on
 * its own (see `runBatch`).
 *
 * Where the fsync happens: with a {@link WalSync} (a WAL database opened
 * with `synchronous = NORMAL`, whose COMMIT does not sync), after COMMIT on
 * the libuv thread pool, the batch's calls settling only once it is done,
 * while the event loop serves other requests and the next batch may
 * commit (its own fsync follows, in flight with the first: holding a batch
 * until the fsync before it is done made fewer, larger batches but cut a
 * guarded route's requests/s by 13 % at 10 connections, for no CPU saved).
 * Without one (`synchronous = FULL`, or a
 * database with no file), COMMIT itself is as durable as it gets and the
 * calls settle when it returns.
 *
 * If that fsync fails, the batch is committed but may not be durable, and
 * every call in it is rejected with `StoreUnavailableError`. That is the
 * safe direction for each kind of write: a replay claim that exists
 * without its caller running the invocation refuses a replay; a charge
 * recorded without the service given only under-spends the cap; a
 * revocation recorded without its acknowledgement only denies.
 *
 * A failed fsync also ends writing through this connection: every batch
 * not yet settled and every later write is refused with
 * `StoreUnavailableError`, until the store is opened again. Linux may
 * report a failed write-back once and let the next fsync succeed with the
 * pages dropped, and WAL recovery stops at the first lost frame, so a
 * batch acknowledged after the failure could be lost with it (PostgreSQL
 * stops for the same reason). Reopening runs SQLite's recovery on what
 * reached the disk. Reads go on: what they may show beyond that errs on
 * the safe side, as above.
 */
export class Connection {
  readonly db: Database
  readonly #statements: BatchStatements
  readonly #wal: WalSync | undefined
  readonly #queue: Unit[] = []
  readonly #abandoned: (() => void)[] = []
  readonly #unitEnded: ((rolledBack: boolean) => void)[] = []
  /** Batches committed whose sync has not yet settled them; `close` waits for them. */
  readonly #syncing = new Set<Promise<void>>()
  #flush: NodeJS.Immediate | undefined
  #closed = false
  #closing: Promise<void> | undefined
  /** Why writing stopped: a sync failed (see the class comment). */
  #syncFailure: StoreUnavailableError | undefined

  /** @param wal the sync step after each COMMIT; `undefined` when COMMIT syncs by itself */
  constructor(db: Database, wal?: WalSync) {
    this.db = db
    this.#wal = wal
    this.#statements = prepareBatchStatements(db)
  }

  /**
   * Run `work` in the next batch: atomically, after the writes of every call
   * made before it, and settled only once the batch is committed to disk.
   * @throws {StoreClosedError | StoreUnavailableError} or the `StoreError` `work` threw
   */
  write<T>(work: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreClosedError())
    if (this.#syncFailure !== undefined) return Promise.reject(this.#syncFailure)
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: (value) => resolve(value as T), reject })
      this.#flush ??= setImmediate(() => this.#flushNext())
    })
  }

  /**
   * Call `listener` whenever a batch fails as a whole: nothing of it was
   * written, so state a unit read back from the batch's own writes is gone.
   */
  onAbandoned(listener: () => void): void {
    this.#abandoned.push(listener)
  }

  /** Call `listener` after each unit of a batch, telling whether its writes were rolled back (it threw). */
  onUnitEnded(listener: (rolledBack: boolean) => void): void {
    this.#unitEnded.push(listener)
  }

  /** Made once: every batch hands it to `runBatch`. */
  readonly #tellUnitEnded = (rolledBack: boolean): void => {
    for (const listener of this.#unitEnded) listener(rolledBack)
  }

  /**
   * Run read-only `work` now, against committed state: writes still queued
   * are not seen; a committed write is, even while its batch's sync runs
   * (what it shows is then at most a claim, charge or revocation that a
   * failed sync could still lose: see the class comment for why that errs
   * on the safe side).
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
   * committed and synced, or rejected with its own error), and wait for
   * every sync in flight, before releasing the database: a caller who got a
   * promise gets a real outcome, never a half-written one. Idempotent.
   * @throws {unknown} the driver's error if the database cannot be closed
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown()
    return this.#closing
  }

  async #shutdown(): Promise<void> {
    this.#closed = true
    if (this.#flush !== undefined) clearImmediate(this.#flush)
    while (this.#queue.length > 0) this.#runBatch(this.#queue.splice(0, MAX_BATCH))
    await Promise.all(this.#syncing)
    this.#wal?.close()
    this.db.close()
  }

  /** Run one batch; what is left (beyond {@link MAX_BATCH}) waits for the next turn, after pending I/O. */
  #flushNext(): void {
    this.#flush = undefined
    this.#runBatch(this.#queue.splice(0, MAX_BATCH))
    if (this.#queue.length > 0) this.#flush = setImmediate(() => this.#flushNext())
  }

  /** Commit `units`, then settle them once the batch is durable. */
  #runBatch(units: readonly Unit[]): void {
    if (this.#syncFailure !== undefined) return rejectAll(units, this.#syncFailure)
    const settle = runBatch(this.#statements, units, this.#tellUnitEnded)
    if (settle === undefined) {
      for (const listener of this.#abandoned) listener()
      return
    }
    if (this.#wal === undefined) {
      settle()
      return
    }
    const synced = this.#wal.sync().then(
      // A sync that succeeds after another failed may have found the lost pages gone: not believed.
      () => (this.#syncFailure === undefined ? settle() : rejectAll(units, this.#syncFailure)),
      (error: unknown) => {
        this.#syncFailure ??= new StoreUnavailableError(error)
        rejectAll(units, new StoreUnavailableError(error))
      },
    )
    this.#syncing.add(synced)
    void synced.then(() => this.#syncing.delete(synced))
  }
}
