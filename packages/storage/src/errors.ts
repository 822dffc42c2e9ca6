/**
 * Typed errors of `@capchain/storage`, each with a stable `code`. Denials
 * from the chain itself (signatures, time, policies, revocation) are the
 * verifier's `VerificationError`s and reach the caller unchanged; these
 * classes cover what the storage profile adds.
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'
import type { CapExhaustion } from '@capchain/store'
import type { PathRejection } from './path/rules.js'

export type StorageErrorCode =
  | 'ERR_STORAGE_PATH_INVALID'
  | 'ERR_STORAGE_ARGS_INVALID'
  | 'ERR_STORAGE_OPERATION'
  | 'ERR_STORAGE_PATH_MISMATCH'
  | 'ERR_STORAGE_SIZE_EXCEEDED'
  | 'ERR_STORAGE_EXPIRY'
  | 'ERR_CAP_INVALID'
  | 'ERR_CAP_EXCEEDED'
  | 'ERR_CAP_GRANT_EXCEEDED'
  | 'ERR_GRANT_INVALID'
  | 'ERR_REPLAY'
  | 'ERR_REVOCATION_INVALID'
  | 'ERR_REVOKER_NOT_UPSTREAM'
  | 'ERR_RESERVATION_SETTLED'
  | 'ERR_RESERVATION_AMOUNT'

/** Base class of every error this package raises or returns. */
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

/** A storage invocation without `exp`, or valid for longer than the service accepts (its replay record would outlive the limit). */
export class InvocationExpiryError extends StorageError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_STORAGE_EXPIRY', message, options)
  }
}

/** A cap statement that is malformed, repeated, nested, or of an unknown version: the delegation cannot be honoured, so it is refused. */
export class InvalidCapError extends StorageError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CAP_INVALID', message, options)
  }
}

/** A byte or use cap along the chain has not enough left for this request. */
export class CapExceededError extends StorageError {
  readonly dimension: 'bytes' | 'uses'
  readonly limit: number
  readonly used: number
  readonly requested: number

  constructor(exhausted: CapExhaustion, options?: CapchainErrorOptions) {
    const unit = exhausted.dimension === 'bytes' ? 'bytes' : 'uses'
    super(
      'ERR_CAP_EXCEEDED',
      `the cap of ${exhausted.cid} allows ${exhausted.limit} ${unit}; ${exhausted.used} are spent and this request needs ${exhausted.requested}`,
      { ...options, cid: exhausted.cid },
    )
    this.dimension = exhausted.dimension
    this.limit = exhausted.limit
    this.used = exhausted.used
    this.requested = exhausted.requested
  }
}

/** A new delegation would cap more than an ancestor has left (refused when it is built). */
export class CapGrantExceededError extends StorageError {
  constructor(
    readonly dimension: 'bytes' | 'uses',
    readonly requested: number,
    readonly available: number,
    options: CapchainErrorOptions & { cid: string },
  ) {
    super(
      'ERR_CAP_GRANT_EXCEEDED',
      `cannot grant ${requested} ${dimension}: ancestor ${options.cid} has ${available} left`,
      options,
    )
  }
}

/** Builder input that cannot form a valid grant (no operation, a parent chain that does not reach the issuer or does not cover an operation, …). */
export class InvalidGrantError extends StorageError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_GRANT_INVALID', message, options)
  }
}

/** This invocation (by CID) was already executed and its validity window has not ended. */
export class ReplayError extends StorageError {
  constructor(options: CapchainErrorOptions & { cid: string }) {
    super('ERR_REPLAY', `invocation ${options.cid} was already executed`, options)
  }
}

/** A `/ucan/revoke` invocation of the wrong shape, or whose witness path does not end at the revoked delegation. */
export class InvalidRevocationError extends StorageError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_REVOCATION_INVALID', message, options)
  }
}

/** The revoking principal issued no delegation at or above the revoked one in the witness path. */
export class RevokerNotUpstreamError extends StorageError {
  constructor(
    readonly revoker: string,
    options: CapchainErrorOptions & { cid: string },
  ) {
    super('ERR_REVOKER_NOT_UPSTREAM', `${revoker} issued no delegation at or above ${options.cid} in the given path`, options)
  }
}

/** `commit` or `refund` on a reservation handle that was already settled. */
export class ReservationSettledError extends StorageError {
  constructor(readonly id: string) {
    super('ERR_RESERVATION_SETTLED', `reservation ${id} is already settled`)
  }
}

/** `commit(bytes)` with more bytes than were reserved, or not a non-negative safe integer; the reservation stays open. */
export class ReservationAmountError extends StorageError {
  constructor(
    readonly id: string,
    readonly reserved: number,
    readonly committed: unknown,
  ) {
    super('ERR_RESERVATION_AMOUNT', `cannot commit ${String(committed)} bytes on reservation ${id}: ${reserved} were reserved`)
  }
}
