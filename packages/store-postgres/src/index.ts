/**
 * `@capchain/store-postgres`: the `@capchain/store` state (usage ledger,
 * revocations, replay records) in PostgreSQL, shared by every instance of a
 * service. A package of its own so that only what runs a PostgreSQL store
 * depends on a PostgreSQL client (`pg`).
 */
export { openPostgresStore, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_POOL_SIZE } from './store.js'
export type { PostgresStore, PostgresStoreOptions } from './store.js'
export type { OpenReservation } from './reservations.js'
export { migrate } from './migrations/migrate.js'
export { dropOldFunctions } from './migrations/drop-old.js'
export { SCHEMA_VERSION } from './migrations/list.js'
