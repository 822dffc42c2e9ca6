/**
 * `@capchain/storage`: the storage capability profile. Path-scoped UCAN
 * delegations for `/storage/{read,write,list,delete}`, byte and use caps
 * that fail closed on verifiers that do not know them, and what a service
 * runs per request: path rules, chain verification, revocation, replay
 * protection and atomic quota reservation. docs/storage.md has the design.
 */
export { authorizeStorageRequest } from './authorize/authorize.js'
export { recheckRevocation } from './authorize/recheck-revocation.js'
export { MAX_INVOCATION_LIFETIME } from './authorize/profile-check.js'
export type {
  Reservation,
  StorageAuthorization,
  StorageCheckOptions,
  StorageRequest,
  StorageResult,
} from './authorize/interface.js'
export { revokeDelegation } from './revoke/revoke.js'
export type { AcceptedRevocation, RevocationRequest } from './revoke/revoke.js'
export { createRevocation } from './revoke/create.js'
export type { RevocationInput } from './revoke/create.js'
export { createStorageGrant } from './grant/create.js'
export type { StorageGrant, StorageGrantInput } from './grant/create.js'
export { createStorageInvocation } from './invocation/create.js'
export type { StorageInvocationInput } from './invocation/create.js'
export { checkCapGrant } from './cap/grant-check.js'
export type { CapGrantCheck } from './cap/grant-check.js'
export { CAP_MARKER, capStatement, splitCap } from './cap/statement.js'
export type { SplitPolicy } from './cap/statement.js'
export { pathScopeStatement, sizeCeilingStatement } from './policy/scope.js'
export { assertStoragePath, storagePathRejection } from './path/validate.js'
export { MAX_PATH_BYTES, MAX_PATH_SEGMENTS, MAX_SEGMENT_BYTES } from './path/rules.js'
export type { PathRejection } from './path/rules.js'
export { checkStorageArgs } from './profile/args.js'
export type { StorageArgs } from './profile/args.js'
export { REVOKE_COMMAND, STORAGE_COMMAND, STORAGE_OPS, storageCommand, storageOpOf } from './profile/commands.js'
export type { StorageOp } from './profile/commands.js'
export { revocationCheck } from './verify/revocation-check.js'
export { createStorageVerifier } from './verify/storage-verifier.js'
export type { StorageVerifier } from './verify/storage-verifier.js'
export {
  CapExceededError,
  CapGrantExceededError,
  InvalidCapError,
  InvalidGrantError,
  InvalidRevocationError,
  InvalidStorageArgsError,
  InvalidStoragePathError,
  InvocationExpiryError,
  OperationMismatchError,
  PathMismatchError,
  ReplayError,
  ReservationAmountError,
  ReservationSettledError,
  RevokerNotUpstreamError,
  SizeExceededError,
  StorageError,
} from './errors.js'
export type { StorageErrorCode } from './errors.js'
