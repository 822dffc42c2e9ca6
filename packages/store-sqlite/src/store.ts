import BetterSqlite3 from 'better-sqlite3'
import { StoreError, StoreInputError, StoreUnavailableError } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { admitInSqlite } from './admit.js'
import type { SqliteParts } from './admit.js'
import { Connection } from './connection.js'
import { SqliteLedger } from './ledger.js'
import { SqliteReplay } from './replay.js'
import { SqliteRevocations } from './revocations.js'
import { migrate } from './schema.js'
import { SqliteSweep } from './sweep.js'
import { WalSync } from './wal-sync.js'

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
 * - durable commits: a write's promise settles only once its batch is on
 *   disk, so a committed charge, replay record or revocation survives a
 *   power loss (spent quota that reappears is an overrun; a lost replay
 *   record lets an invocation run twice). In a file, `synchronous = NORMAL`,
 *   under which COMMIT does not sync the WAL (SQLite still syncs it before
 *   every checkpoint, the database after it, and the WAL header when the
 *   file is reused: https://www.sqlite.org/pragma.html#pragma_synchronous,
 *   https://www.sqlite.org/wal.html), and the store fsyncs the WAL itself
 *   after each COMMIT, on the libuv thread pool, settling the batch's calls
 *   when that is done: the event loop no longer waits on the disk. If that
 *   fsync fails, every call in the batch fails with `StoreUnavailableError`
 *   (its writes are committed but perhaps not durable, which only refuses,
 *   under-spends or denies). Where SQLite keeps no WAL file (`:memory:`, a
 *   temporary database), `synchronous = FULL` and calls settle at COMMIT;
 * - group commit, to pay for that fsync once per batch rather than once per
 *   call: the writes made during one turn of the event loop (up to 256,
 *   `MAX_BATCH`) share one transaction on the next turn, each in its
 *   own savepoint, so each call is still atomic on its own and sees the
 *   writes of the calls made before it. If the batch cannot be committed
 *   (for example, another connection holds the write lock past
 *   `busyTimeoutMs`), every call in it fails with `StoreUnavailableError`
 *   and none is written. Reads run at once, against committed state;
 * - foreign keys on, so a settled reservation takes its cap rows with it.
 *
 * `close()` refuses new calls and finishes the calls already made (each is
 * committed and synced, or fails with its own error), waiting for every
 * sync in flight, before releasing the file.
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
  let parts: SqliteParts
  try {
    db = new BetterSqlite3(filename, { timeout })
    const wal = walSyncOf(db)
    db.pragma(wal === undefined ? 'synchronous = FULL' : 'synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db)
    // Inside the try: preparing the statements and reading the replay log read the file too.
    const connection = new Connection(db, wal)
    parts = { connection, ledger: new SqliteLedger(connection), revocations: new SqliteRevocations(connection), replay: new SqliteReplay(connection) }
  } catch (error) {
    db?.close()
    if (error instanceof StoreError) throw error
    throw new StoreUnavailableError(error)
  }
  const { connection } = parts
  const sweeper = new SqliteSweep(connection, parts.replay)
  return {
    ledger: parts.ledger,
    revocations: parts.revocations,
    replay: parts.replay,
    admitInvocation: async (request) => admitInSqlite(parts, request),
    sweep: (sweepOptions) => sweeper.sweep(sweepOptions),
    close: () => connection.close(),
  }
}

/**
 * Put `db` in WAL mode and return the sync step for its `-wal` file, or
 * `undefined` when it has none (in memory, temporary, or a mode other than
 * WAL: then COMMIT must sync by itself). The file is named from the
 * absolute path SQLite opened, so a later change of directory cannot
 * mislead it.
 * @throws the driver's error
 */
function walSyncOf(db: BetterSqlite3.Database): WalSync | undefined {
  const mode: unknown = db.pragma('journal_mode = WAL', { simple: true })
  const main = (db.pragma('database_list') as { name: string; file: string }[]).find((entry) => entry.name === 'main')
  if (mode !== 'wal' || main === undefined || main.file === '') return undefined
  return new WalSync(`${main.file}-wal`)
}
