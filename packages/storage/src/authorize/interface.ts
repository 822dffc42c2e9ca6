import type { DID } from '@capchain/core/principal'
import type { AuthorizedInvocation } from '@capchain/verifier'
import type { AuthorizeRequest, CheckOptions, GuardResult, Reservation } from '@capchain/guard'
import type { StorageOp } from '../profile/commands.js'

/** Outcome of a storage check: the guard's result (denials are values, with the chain's links). */
export type StorageResult<T> = GuardResult<T>

/** Options every storage check shares: the guard's. */
export type StorageCheckOptions = CheckOptions

/** A request a storage service is about to serve (with the guard's `admit`, asked before the profile). */
export interface StorageRequest extends AuthorizeRequest {
  /** The operation the service will perform. */
  op: StorageOp
  /** The path it will touch: must be the invocation's `args.path`. */
  path: string
  /** For read and write, the bytes it will move: at most the invocation's `args.size`. */
  size?: number
  /**
   * Instead of `size`, for bytes known only by looking (a read: the file's
   * size): called once, with the chain's subject, after the whole chain is
   * verified and found unrevoked and the replay record is made, right before
   * the reservation; returns the bytes to reserve, at most `args.size`. A
   * service that opens its file here touches its storage only for requests
   * the chain allows.
   * @throws {SizeExceededError} (returned as the denial) when it returns more than `args.size`
   */
  measure?: (subject: DID) => Promise<number>
  /** Longest accepted invocation lifetime, `exp - now` in seconds. Default `MAX_INVOCATION_LIFETIME`. */
  maxLifetime?: number
}

export interface StorageAuthorization {
  /** What the verifier authorized. */
  readonly authorization: AuthorizedInvocation
  readonly op: StorageOp
  readonly path: string
  /** Bytes reserved (0 for list and delete). */
  readonly size: number
  readonly reservation: Reservation
}
