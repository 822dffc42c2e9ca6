/**
 * `@capchain/store-sqlite`: the `@capchain/store` state (usage ledger,
 * revocations, replay records) in a SQLite file, shared by every process
 * that opens it. A package of its own because it is native code
 * (better-sqlite3): only what runs a SQLite store depends on it.
 */
export { openSqliteStore, DEFAULT_BUSY_TIMEOUT_MS } from './store.js'
export type { SqliteStoreOptions } from './store.js'
export { SCHEMA_VERSION } from './schema.js'
