/**
 * Typed errors of `@capchain/guard`, each with a stable `code` (the codes
 * moved here from `@capchain/storage` unchanged: codes are the API). Denials
 * from the chain itself (signatures, time, policies, revocation) are the
 * verifier's `VerificationError`s and reach the caller unchanged; these
 * classes cover what the guard adds: caps, replay, reservations, the
 * route's command and args, revocation acceptance.
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'
import type { IPLDValue } from '@capchain/core/token'
import type { CapExhaustion } from '@capchain/store'
import { CID } from 'multiformats/cid'

export type GuardErrorCode =
  | 'ERR_STORAGE_EXPIRY'
  | 'ERR_COMMAND_MISMATCH'
  | 'ERR_ARGS_MISMATCH'
  | 'ERR_CAP_INVALID'
  | 'ERR_CAP_EXCEEDED'
  | 'ERR_CAP_WINDOW_EXCEEDED'
  | 'ERR_CAP_GRANT_EXCEEDED'
  | 'ERR_REPLAY'
  | 'ERR_REVOCATION_INVALID'
  | 'ERR_REVOKER_NOT_UPSTREAM'
  | 'ERR_RESERVATION_SETTLED'
  | 'ERR_RESERVATION_AMOUNT'

/** Base class of every error this package raises or returns. */
export abstract class GuardError extends CapchainError {
  declare readonly code: GuardErrorCode

  constructor(code: GuardErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/**
 * An invocation without `exp`, or valid for longer than the service accepts
 * (its replay record would outlive the limit). Its code predates the guard
 * (the storage profile had it first) and stays as it was.
 */
export class InvocationExpiryError extends GuardError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_STORAGE_EXPIRY', message, options)
  }
}

/** The invoked command is not the one the route executes. */
export class CommandMismatchError extends GuardError {
  constructor(
    readonly invoked: string,
    readonly required: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_COMMAND_MISMATCH', `the invocation is for ${invoked}, the route executes ${required}`, options)
  }
}

/** An argument the invocation states differs from what the request executes, is missing, or is one the route does not name. */
export class ArgsMismatchError extends GuardError {
  constructor(
    readonly key: string,
    readonly invoked: IPLDValue | undefined,
    readonly required: IPLDValue | undefined,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_ARGS_MISMATCH', `args.${key}: the invocation states ${describe(invoked)}, the request executes ${describe(required)}`, options)
  }
}

/** A cap statement that is malformed, repeated, nested, or of an unknown version: the delegation cannot be honoured, so it is refused. */
export class InvalidCapError extends GuardError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CAP_INVALID', message, options)
  }
}

/**
 * A cap along the chain has not enough bytes, uses or of a named amount left
 * for this request: `ERR_CAP_EXCEEDED` for a lifetime cap, which never
 * refills; `ERR_CAP_WINDOW_EXCEEDED` for a periodic one, whose `resetsAt` is
 * when its window ends and the allowance is whole again (a retry then may succeed).
 */
export class CapExceededError extends GuardError {
  readonly dimension: 'bytes' | 'uses' | 'amount'
  /** The amount's name (`'wei'`…), for `dimension: 'amount'`. */
  readonly amount?: string
  readonly limit: number | bigint
  readonly used: number | bigint
  readonly requested: number | bigint
  readonly resetsAt?: number

  constructor(exhausted: CapExhaustion, options?: CapchainErrorOptions) {
    const unit = exhausted.dimension === 'amount' ? exhausted.name : exhausted.dimension
    const window = exhausted.resetsAt === undefined ? '' : ` until ${exhausted.resetsAt}, when its window ends`
    super(
      exhausted.resetsAt === undefined ? 'ERR_CAP_EXCEEDED' : 'ERR_CAP_WINDOW_EXCEEDED',
      `the cap of ${exhausted.cid} allows ${exhausted.limit} ${unit}; ${exhausted.used} are spent and this request needs ${exhausted.requested}${window}`,
      { ...options, cid: exhausted.cid },
    )
    this.dimension = exhausted.dimension
    if (exhausted.dimension === 'amount') this.amount = exhausted.name
    this.limit = exhausted.limit
    this.used = exhausted.used
    this.requested = exhausted.requested
    if (exhausted.resetsAt !== undefined) this.resetsAt = exhausted.resetsAt
  }
}

/** A new delegation would cap more than an ancestor has left (refused when it is built); `dimension` is `bytes`, `uses` or an amount's name. */
export class CapGrantExceededError extends GuardError {
  constructor(
    readonly dimension: string,
    readonly requested: number | bigint,
    readonly available: number | bigint,
    options: CapchainErrorOptions & { cid: string },
  ) {
    super(
      'ERR_CAP_GRANT_EXCEEDED',
      `cannot grant ${requested} ${dimension}: ancestor ${options.cid} has ${available} left`,
      options,
    )
  }
}

/** This invocation (by identity) was already executed and its validity window has not ended. */
export class ReplayError extends GuardError {
  constructor(options: CapchainErrorOptions & { cid: string }) {
    super('ERR_REPLAY', `invocation ${options.cid} was already executed`, options)
  }
}

/** A `/ucan/revoke` invocation of the wrong shape, or whose witness path does not end at the revoked delegation. */
export class InvalidRevocationError extends GuardError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_REVOCATION_INVALID', message, options)
  }
}

/** The revoking principal issued no delegation at or above the revoked one in the witness path. */
export class RevokerNotUpstreamError extends GuardError {
  constructor(
    readonly revoker: string,
    options: CapchainErrorOptions & { cid: string },
  ) {
    super('ERR_REVOKER_NOT_UPSTREAM', `${revoker} issued no delegation at or above ${options.cid} in the given path`, options)
  }
}

/** `commit` or `refund` on a reservation handle that was already settled. */
export class ReservationSettledError extends GuardError {
  constructor(readonly id: string) {
    super('ERR_RESERVATION_SETTLED', `reservation ${id} is already settled`)
  }
}

/** `commit(bytes)` with more bytes than were reserved, or not a non-negative safe integer; the reservation stays open. */
export class ReservationAmountError extends GuardError {
  constructor(
    readonly id: string,
    readonly reserved: number,
    readonly committed: unknown,
  ) {
    super('ERR_RESERVATION_AMOUNT', `cannot commit ${String(committed)} bytes on reservation ${id}: ${reserved} were reserved`)
  }
}

/** An argument for a message: its kind and, for short scalars, its value (args are the caller's, so never echoed at length). */
function describe(value: IPLDValue | undefined): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'string') return value.length <= 64 ? JSON.stringify(value) : `a string of ${value.length} characters`
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value === null) return String(value)
  if (value instanceof Uint8Array) return `${value.length} bytes`
  if (Array.isArray(value)) return `a list of ${value.length}`
  const link = CID.asCID(value)
  return link === null ? `a map of ${Object.keys(value).length} keys` : `link ${link.toString()}`
}
