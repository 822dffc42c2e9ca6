/**
 * `@capchain/store`: the state a capchain service keeps between requests
 * (usage ledger, revocations, replay records), in memory or in a SQLite file.
 */
export { createMemoryStore } from './memory/store.js'
export { openSqliteStore, DEFAULT_BUSY_TIMEOUT_MS } from './sqlite/store.js'
export type { SqliteStoreOptions } from './sqlite/store.js'
export { SCHEMA_VERSION } from './sqlite/schema.js'
export { DEFAULT_REPLAY_MARGIN } from './replay-margin.js'
export {
  DuplicateReservationError,
  ReusedReservationError,
  StoreClosedError,
  StoreError,
  StoreInputError,
  StoreSchemaError,
  StoreUnavailableError,
  UnknownReservationError,
} from './errors.js'
export type { StoreErrorCode } from './errors.js'
export type {
  CapCharge,
  CapExhaustion,
  CapLimit,
  ReplayStore,
  ReserveRequest,
  ReserveResult,
  RevocationRecord,
  RevocationStore,
  StateStore,
  Usage,
  UsageLedger,
} from './interface.js'
