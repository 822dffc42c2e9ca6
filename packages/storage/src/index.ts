/**
 * `@capchain/storage`: the storage capability profile. Path-scoped UCAN
 * delegations for `/storage/{read,write,list,delete}`, byte and use caps
 * that fail closed on verifiers that do not know them, and what a service
 * runs per request: path rules, chain verification, revocation, replay
 * protection and atomic quota reservation. docs/storage.md has the design.
 */
export { authorizeStorageRequest } from './authorize/authorize.js'
export { storageRequirement } from './authorize/requirement.js'
export type {
  StorageAuthorization,
  StorageCheckOptions,
  StorageRequest,
  StorageResult,
} from './authorize/interface.js'
export { createStorageGrant } from './grant/create.js'
export type { StorageGrant, StorageGrantInput } from './grant/create.js'
export { createStorageInvocation } from './invocation/create.js'
export type { StorageInvocationInput } from './invocation/create.js'
export { pathScopeStatement, sizeCeilingStatement } from './policy/scope.js'
export { assertStoragePath, storagePathRejection } from './path/validate.js'
export { MAX_PATH_BYTES, MAX_PATH_SEGMENTS, MAX_SEGMENT_BYTES } from './path/rules.js'
export type { PathRejection } from './path/rules.js'
export { checkStorageArgs } from './profile/args.js'
export type { StorageArgs } from './profile/args.js'
export { STORAGE_COMMAND, STORAGE_OPS, storageCommand, storageOpOf } from './profile/commands.js'
export type { StorageOp } from './profile/commands.js'
export {
  InvalidGrantError,
  InvalidStorageArgsError,
  InvalidStoragePathError,
  OperationMismatchError,
  PathMismatchError,
  SizeExceededError,
  StorageError,
} from './errors.js'
export type { StorageErrorCode } from './errors.js'
// The generic machinery moved to the guard; these names stay public here so the profile's users need one import.
export {
  CAP_MARKER,
  capStatement,
  CapExceededError,
  CapGrantExceededError,
  checkCapGrant,
  createRevocation,
  createServiceVerifier as createStorageVerifier,
  InvalidCapError,
  InvalidRevocationError,
  InvocationExpiryError,
  MAX_INVOCATION_LIFETIME,
  recheckRevocation,
  ReplayError,
  ReservationAmountError,
  ReservationSettledError,
  REVOKE_COMMAND,
  revocationCheck,
  revokeDelegation,
  RevokerNotUpstreamError,
  splitCap,
} from '@capchain/guard'
export type {
  AcceptedRevocation,
  CapGrantCheck,
  Reservation,
  RevocationInput,
  RevocationRequest,
  ServiceVerifier as StorageVerifier,
  SplitPolicy,
} from '@capchain/guard'
