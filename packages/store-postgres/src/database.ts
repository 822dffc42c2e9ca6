import pg from 'pg'
import type { QueryResultRow } from 'pg'
import { StoreClosedError, StoreError, StoreUnavailableError } from '@capchain/store'

/**
 * A pool of connections and the rules every call follows: refuse after
 * close, and turn every driver failure (refused, reset or terminated
 * connection, server shutdown, timeout) into `StoreUnavailableError`. A
 * connection that failed is dropped by the pool, so the next call opens a
 * new one: the store reconnects by itself once the server is back.
 */
export class Database {
  readonly #pool: pg.Pool
  #closed = false

  constructor(pool: pg.Pool) {
    this.#pool = pool
    // An idle connection the server closed (restart, admin shutdown) is
    // reported here; the pool has already dropped it, and without a listener
    // the event would crash the process.
    pool.on('error', () => undefined)
  }

  /**
   * Run one parameterized statement on any pooled connection.
   * @throws {StoreClosedError | StoreUnavailableError}
   */
  async query<R extends QueryResultRow>(text: string, values: readonly unknown[]): Promise<pg.QueryResult<R>> {
    if (this.#closed) throw new StoreClosedError()
    try {
      return await this.#pool.query<R>(text, values as unknown[])
    } catch (error) {
      if (error instanceof StoreError) throw error
      throw new StoreUnavailableError(error)
    }
  }

  /** Refuse new calls and close every connection once its current statement is done. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.end()
  }
}
