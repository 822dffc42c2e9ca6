/**
 * Typed errors of the storage service's own checks, each with a stable
 * `code`. Denials of the chain keep the verifier's and the storage
 * profile's errors; these cover the HTTP layer and the file system.
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'

/** The credentials' errors are the guard's (same codes as before it existed). */
export { MalformedCredentialsError, MissingCredentialsError } from '@capchain/guard'

export type ServiceErrorCode =
  | 'ERR_URL_PATH_INVALID'
  | 'ERR_LENGTH_REQUIRED'
  | 'ERR_CONTENT_LENGTH_MISMATCH'
  | 'ERR_BODY_INCOMPLETE'
  | 'ERR_NOT_FOUND'
  | 'ERR_PATH_CONFLICT'
  | 'ERR_METHOD_NOT_ALLOWED'
  | 'ERR_SUBJECT_NOT_ADMITTED'
  | 'ERR_SUBJECT_STORAGE_FULL'

/** Base class of the service's own errors. */
export abstract class StorageServiceError extends CapchainError {
  declare readonly code: ServiceErrorCode

  constructor(code: ServiceErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/** The URL's path is not percent-encoded text. */
export class InvalidUrlPathError extends StorageServiceError {
  constructor(message: string) {
    super('ERR_URL_PATH_INVALID', message, { at: 'url' })
  }
}

/** An upload without `Content-Length`: its size must be known, and declared in the invocation, before a byte is stored. */
export class LengthRequiredError extends StorageServiceError {
  constructor() {
    super('ERR_LENGTH_REQUIRED', 'an upload must state its Content-Length (chunked bodies are refused)', { at: 'content-length' })
  }
}

/** `Content-Length` differs from the invocation's `args.size`. */
export class ContentLengthMismatchError extends StorageServiceError {
  constructor(declared: number, length: number, options?: CapchainErrorOptions) {
    super('ERR_CONTENT_LENGTH_MISMATCH', `the invocation declares ${declared} bytes, the body is ${length}`, { at: 'args.size', ...options })
  }
}

/** The body ended, or the connection broke, before `Content-Length` bytes arrived; nothing was stored. */
export class IncompleteBodyError extends StorageServiceError {
  constructor(received: number, expected: number, options?: CapchainErrorOptions) {
    super('ERR_BODY_INCOMPLETE', `the body ended after ${received} of ${expected} bytes; nothing was stored`, options)
  }
}

/** No file or directory at the path (reported only to a request that was authorized to look). */
export class NotFoundError extends StorageServiceError {
  constructor(path: string) {
    super('ERR_NOT_FOUND', `nothing is stored at ${path}`, { at: 'args.path' })
  }
}

/** The path is a directory where a file is expected, lies under a file, or is a directory that is not empty. */
export class PathConflictError extends StorageServiceError {
  constructor(message: string) {
    super('ERR_PATH_CONFLICT', message, { at: 'args.path' })
  }
}

/**
 * `HEAD` on a storage route. A storage request is charged (one use, a replay
 * record) when it is authorized, and a `HEAD` answer carries no body to
 * deliver what was charged for; refused before anything is read or charged.
 */
export class MethodNotAllowedError extends StorageServiceError {
  constructor(method: string, allowed: string) {
    super('ERR_METHOD_NOT_ALLOWED', `${method} is not served here; use ${allowed}`, { at: 'method' })
  }
}

/**
 * The invocation's subject is not one this service stores files for: not a
 * wallet signed in through a trusted SIWE domain (did:pkh), nor a did:key it
 * was told to serve. Anyone can make a did:key and sign for it; admitting
 * every one would hand the disk to whoever asks.
 */
export class SubjectNotAdmittedError extends StorageServiceError {
  constructor(subject: string, options?: CapchainErrorOptions) {
    super('ERR_SUBJECT_NOT_ADMITTED', `this service does not store files for ${subject}: it serves wallets signed in with SIWE, and the did:keys it lists`, {
      at: 'sub',
      ...options,
    })
  }
}

/** The upload would take the subject's files over the service's per-subject storage limit; nothing was stored. */
export class SubjectStorageFullError extends StorageServiceError {
  constructor(limit: number, used: number, requested: number, options?: CapchainErrorOptions) {
    super(
      'ERR_SUBJECT_STORAGE_FULL',
      `the subject's files take ${used} of ${limit} bytes (uploads in flight included); ${requested} more bytes do not fit`,
      { at: 'args.size', ...options },
    )
  }
}
