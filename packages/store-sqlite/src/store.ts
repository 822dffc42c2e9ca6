import BetterSqlite3 from 'better-sqlite3'
import { StoreError, StoreInputError, StoreUnavailableError } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { admitInSqlite } from './admit.js'
import { Connection } from './connection.js'
import { SqliteLedger } from './ledger.js'
import { SqliteReplay } from './replay.js'
import { SqliteRevocations } from './revocations.js'
import { migrate } from './schema.js'
import { SqliteSweep } from './sweep.js'

/** How long a call waits for another connection's write lock before failing, by default. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000

export interface SqliteStoreOptions {
  /** Milliseconds to wait for the write lock held by another connection. Default {@link DEFAULT_BUSY_TIMEOUT_MS}. */
  busyTimeoutMs?: number
}

/**
 * Open (creating if needed) a state store in a SQLite database file. Several
 * processes may open the same file: every check-and-write runs in an
 * IMMEDIATE transaction, serialized on the database's write lock.
 *
 * Settings, and why:
 * - WAL journal: readers do not block the writer, and a crash mid-write
 *   leaves the last committed state;
 * - `synchronous = FULL`: every COMMIT waits for the WAL to reach the disk,
 *   so a committed charge, replay record or revocation survives a power
 *   loss (spent quota that reappears is an overrun; a lost replay record
 *   lets an invocation run twice);
 * - group commit, to pay for that fsync once per batch rather than once per
 *   call: the writes made during one turn of the event loop (up to 256,
 *   `MAX_BATCH`) share one transaction on the next turn, each in its
 *   own savepoint, so each call is still atomic on its own and sees the
 *   writes of the calls made before it. A write's promise settles only once
 *   its batch is committed; if the batch cannot be committed (for example,
 *   another connection holds the write lock past `busyTimeoutMs`), every
 *   call in it fails with `StoreUnavailableError` and none is written.
 *   Reads run at once, against committed state;
 * - foreign keys on, so a settled reservation takes its cap rows with it.
 *
 * `close()` refuses new calls and finishes the calls already made (each is
 * committed or fails with its own error) before releasing the file.
 *
 * @throws {StoreInputError} `busyTimeoutMs` is not a non-negative integer
 * @throws {StoreSchemaError} the file holds another schema version
 * @throws {StoreUnavailableError} the file cannot be opened or is not a SQLite database
 */
export function openSqliteStore(filename: string, options: SqliteStoreOptions = {}): StateStore {
  const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  if (!Number.isSafeInteger(timeout) || timeout < 0) {
    throw new StoreInputError(`busyTimeoutMs must be a non-negative integer, got ${String(timeout)}`)
  }
  let db: BetterSqlite3.Database | undefined
  try {
    db = new BetterSqlite3(filename, { timeout })
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    migrate(db)
  } catch (error) {
    db?.close()
    if (error instanceof StoreError) throw error
    throw new StoreUnavailableError(error)
  }
  const connection = new Connection(db)
  const parts = { connection, ledger: new SqliteLedger(connection), revocations: new SqliteRevocations(connection), replay: new SqliteReplay(connection) }
  const sweeper = new SqliteSweep(connection)
  return {
    ledger: parts.ledger,
    revocations: parts.revocations,
    replay: parts.replay,
    admitInvocation: async (request) => admitInSqlite(parts, request),
    sweep: (sweepOptions) => sweeper.sweep(sweepOptions),
    close: async () => connection.close(),
  }
}
