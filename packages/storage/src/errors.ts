/**
 * Typed errors of `@capchain/storage`, each with a stable `code`. Denials
 * from the chain itself (signatures, time, policies, revocation) are the
 * verifier's `VerificationError`s, and those of caps, replay, reservations
 * and revocation acceptance the guard's (`@capchain/guard`); both reach the
 * caller unchanged. These classes cover what the storage profile adds.
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'
import type { PathRejection } from './path/rules.js'

export type StorageErrorCode =
  | 'ERR_STORAGE_PATH_INVALID'
  | 'ERR_STORAGE_ARGS_INVALID'
  | 'ERR_STORAGE_OPERATION'
  | 'ERR_STORAGE_PATH_MISMATCH'
  | 'ERR_STORAGE_SIZE_EXCEEDED'
  | 'ERR_GRANT_INVALID'

/** Base class of the errors the storage profile adds (the guard's have their own, `GuardError`). */
export abstract class StorageError extends CapchainError {
  declare readonly code: StorageErrorCode

  constructor(code: StorageErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/** A storage path that is not in canonical form or could be read two ways; `reason` says which rule (docs/storage.md, "Paths"). */
export class InvalidStoragePathError extends StorageError {
  constructor(
    readonly reason: PathRejection,
    detail: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_STORAGE_PATH_INVALID', `${options?.at === undefined ? '' : `${options.at}: `}invalid storage path (${reason}): ${detail}`, options)
  }
}

/** Invocation `args` that do not fit the profile (`{ path, size? }`), or builder input of the wrong shape. */
export class InvalidStorageArgsError extends StorageError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_STORAGE_ARGS_INVALID', message, options)
  }
}

/** The invoked command is not a storage command, or not the operation the service is about to perform. */
export class OperationMismatchError extends StorageError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_STORAGE_OPERATION', message, options)
  }
}

/** The path the service is about to touch is not the path the invocation names. */
export class PathMismatchError extends StorageError {
  constructor(
    readonly invoked: string,
    readonly requested: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_STORAGE_PATH_MISMATCH', `the invocation names ${JSON.stringify(invoked)}, the request ${JSON.stringify(requested)}`, options)
  }
}

/** The service would move more bytes than the invocation declared (its policies only saw the declared `size`). */
export class SizeExceededError extends StorageError {
  constructor(
    readonly declared: number,
    readonly requested: number,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_STORAGE_SIZE_EXCEEDED', `the request moves ${requested} bytes; the invocation declared ${declared}`, options)
  }
}

/** Builder input that cannot form a valid grant (no operation, a parent chain that does not reach the issuer or does not cover an operation, …). */
export class InvalidGrantError extends StorageError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_GRANT_INVALID', message, options)
  }
}
