import pg from 'pg'
import { StoreError, StoreInputError, StoreUnavailableError } from '@capchain/store'
import type { StateStore, SweepOptions, SweepResult } from '@capchain/store'
import { checkAmount } from '@capchain/store/validate'
import { admitInPostgres } from './admit.js'
import { Database } from './database.js'
import { PostgresLedger } from './ledger.js'
import { migrateWith } from './migrations/migrate.js'
import { PostgresReplay } from './replay.js'
import { listOpenReservations } from './reservations.js'
import type { OpenReservation } from './reservations.js'
import { PostgresRevocations } from './revocations.js'
import { settledFromTheStart, sweepPostgres } from './sweep.js'

/** Connections the pool opens at most, by default. */
export const DEFAULT_POOL_SIZE = 10

/** Milliseconds a call waits to connect (or for a free pooled connection) before failing, by default. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000

export interface PostgresStoreOptions {
  /** A `postgres://` connection string. */
  url: string
  /** Connections the pool opens at most. Default {@link DEFAULT_POOL_SIZE}. */
  poolSize?: number
  /** Milliseconds to wait for a connection before the call fails with `StoreUnavailableError`. Default {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
  connectTimeoutMs?: number
}

/** The state store over PostgreSQL, with what operators need beyond `StateStore`. */
export interface PostgresStore extends StateStore {
  /**
   * Open reservations made at or before `before` (unix seconds; default: all), oldest first,
   * for an operator to settle after an instance crashed.
   * @throws {StoreInputError | StoreUnavailableError | StoreClosedError}
   */
  openReservations(before?: number): Promise<readonly OpenReservation[]>
  /** `StateStore.sweep`, always present on this store (see `sweepPostgres`). */
  sweep(options: SweepOptions): Promise<SweepResult>
}

/**
 * Open a state store in the PostgreSQL database at `url`, applying pending
 * migrations first (see `migrate`). Every instance of a service may open the
 * same database: each request's check-and-write is one statement, isolated
 * by row locks (see `PostgresLedger`), so no cap is overrun and no
 * invocation claimed twice across instances; `admitInvocation` makes a
 * request's revocation check, claim and reservation that one statement.
 *
 * A database unreachable, restarted or shut down makes the calls made
 * meanwhile fail with `StoreUnavailableError`, each having changed nothing
 * (one statement is one transaction) or, if the connection was lost after
 * the server committed, all of it: never part. The pool drops broken
 * connections and opens new ones on the next call.
 *
 * @throws {StoreInputError} `poolSize` is not a positive integer, or `connectTimeoutMs` not a non-negative one
 * @throws {StoreSchemaError} the database has a newer schema than this release reads
 * @throws {StoreUnavailableError} the database cannot be reached, or a migration failed
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE
  if (!Number.isSafeInteger(poolSize) || poolSize < 1) {
    throw new StoreInputError(`poolSize must be a positive integer, got ${String(poolSize)}`)
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
  checkAmount(connectTimeoutMs, 'connectTimeoutMs')
  const pool = new pg.Pool({ connectionString: options.url, max: poolSize, connectionTimeoutMillis: connectTimeoutMs })
  const db = new Database(pool)
  try {
    const client = await pool.connect()
    try {
      await migrateWith(client)
    } finally {
      client.release()
    }
  } catch (error) {
    await db.close()
    if (error instanceof StoreError) throw error
    throw new StoreUnavailableError(error)
  }
  const settledFrom = settledFromTheStart()
  return {
    ledger: new PostgresLedger(db),
    revocations: new PostgresRevocations(db),
    replay: new PostgresReplay(db),
    admitInvocation: async (request) => admitInPostgres(db, request),
    sweep: async (sweepOptions) => sweepPostgres(db, sweepOptions, settledFrom),
    openReservations: async (before = Number.MAX_SAFE_INTEGER) => {
      checkAmount(before, 'before')
      return listOpenReservations(db, before)
    },
    close: async () => db.close(),
  }
}
