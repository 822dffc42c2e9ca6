/**
 * `@capchain/storage-service`: a file storage service over HTTP that
 * serves exactly what each UCAN chain allows. docs/service.md.
 */
export { startStorageService, DEFAULT_MAX_HEADER_BYTES, DEFAULT_SWEEP_INTERVAL_MS, REQUEST_TIMEOUT_MS } from './server/start.js'
export type { RunningStorageService, StorageServiceOptions } from './server/start.js'
export { createLineLogger, LOG_LEVELS } from './logging/line-logger.js'
export type { LineLoggerOptions, LogFormat, LogLevel } from './logging/line-logger.js'
export { loadOrCreateServiceKey } from './server/service-key.js'
export { STORAGE_VERIFIER_LIMITS } from './server/verifier-limits.js'
export { STORAGE_STATUSES, statusOf } from './http/status.js'
export { TEMPORARY_PREFIX } from './files/layout.js'
export { DEFAULT_MAX_SUBJECT_BYTES } from './files/usage.js'
export {
  ContentLengthMismatchError,
  IncompleteBodyError,
  InvalidUrlPathError,
  LengthRequiredError,
  MalformedCredentialsError,
  MethodNotAllowedError,
  MissingCredentialsError,
  NotFoundError,
  PathConflictError,
  StorageServiceError,
  SubjectNotAdmittedError,
  SubjectStorageFullError,
} from './errors.js'
export type { ServiceErrorCode } from './errors.js'
