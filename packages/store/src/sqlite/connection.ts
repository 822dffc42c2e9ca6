import type { Database } from 'better-sqlite3'
import { StoreClosedError, StoreError, StoreUnavailableError } from '../errors.js'

/**
 * One better-sqlite3 connection and the rules every call follows: refuse
 * after close, run multi-statement work in an IMMEDIATE transaction (the
 * write lock is taken before the first read, so a check and the write it
 * allows cannot interleave with another process), and turn driver failures
 * into `StoreUnavailableError` (our own typed errors pass through).
 */
export class Connection {
  readonly db: Database

  constructor(db: Database) {
    this.db = db
  }

  /**
   * Run `work` alone, in one IMMEDIATE transaction: all of it is written or, if it throws, none.
   * @throws {StoreClosedError | StoreUnavailableError} or the `StoreError` `work` threw
   */
  transaction<T>(work: () => T): T {
    return this.run(() => this.db.transaction(work).immediate())
  }

  /**
   * Run one statement's worth of `work`.
   * @throws {StoreClosedError | StoreUnavailableError} or the `StoreError` `work` threw
   */
  run<T>(work: () => T): T {
    if (!this.db.open) throw new StoreClosedError()
    try {
      return work()
    } catch (error) {
      if (error instanceof StoreError) throw error
      throw new StoreUnavailableError(error)
    }
  }
}
