/**
 * `@capchain/store`: the state a capchain service keeps between requests
 * (usage ledger, revocations, replay records): the interfaces every store
 * implements, their input checks (`@capchain/store/validate`) and an
 * in-memory store. No native code and no Node built-ins, so it bundles for
 * browsers; the SQLite store is `@capchain/store-sqlite`.
 */
export { admitInvocationIn } from './admit/admit-in.js'
export { createMemoryStore } from './memory/store.js'
export { DEFAULT_REPLAY_MARGIN } from './replay-margin.js'
export { DEFAULT_KEEP_SETTLED_FOR, DEFAULT_SWEEP_LIMIT } from './sweep/defaults.js'
export { describeSweep } from './sweep/describe.js'
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
  AdmitRequest,
  AdmitResult,
  CapCharge,
  AmountExhaustion,
  Amounts,
  CapExhaustion,
  CapLimit,
  CountExhaustion,
  ReplayStore,
  ReserveRequest,
  ReserveResult,
  RevocationRecord,
  RevocationScope,
  RevocationStore,
  StateStore,
  SweepOptions,
  SweepResult,
  Usage,
  UsageLedger,
} from './interface.js'
