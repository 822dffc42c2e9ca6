import type { CapchainError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { Invocation } from '@capchain/core/token'
import type { StateStore } from '@capchain/store'
import type { AuthorizedInvocation, ChainLink, ProofSource, ResolveProof } from '@capchain/verifier'
import type { StorageOp } from '../profile/commands.js'
import type { StorageVerifier } from '../verify/storage-verifier.js'

/**
 * Outcome of a storage check: denials are values, as with the verifier.
 * `links` are the chain's tokens as far as the verifier decoded them, root
 * first (for `explain`), or none when the request was refused before its
 * chain was read.
 */
export type StorageResult<T> =
  | { readonly ok: true; readonly value: T; readonly links: readonly ChainLink[] }
  | { readonly ok: false; readonly error: CapchainError; readonly links: readonly ChainLink[] }

/** Options every storage check shares. */
export interface StorageCheckOptions {
  /** The invocation as received: bytes, or decoded (it is re-read from its bytes either way). */
  invocation: Uint8Array | Invocation
  /** The proofs that came with it: a UCAN container or a list of tokens. */
  proofs?: ProofSource
  /** Lookup for proofs not supplied. */
  resolve?: ResolveProof
  /** This service's DID: invocations must name it in `aud`. */
  service: DID
  store: StateStore
  /** Validation time, unix seconds. Default: now. */
  now?: number
  /** Seconds of tolerance on every `nbf` and `exp` (the verifier's, 60 by default); replay records last as long. */
  clockSkew?: number
  /** Default: a shared did:key-only verifier. Make one with `createStorageVerifier` for other DID methods or SIWE roots. */
  verifier?: StorageVerifier
}

/** A request a storage service is about to serve. */
export interface StorageRequest extends StorageCheckOptions {
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

/** Bytes and one use held on every cap of the chain until the operation ends. */
export interface Reservation {
  /** The invocation's CID. */
  readonly id: string
  readonly bytes: number
  /**
   * The operation succeeded. With `bytes` (at most the reserved amount), the
   * rest is given back.
   * @throws {ReservationAmountError} `bytes` above the reservation or not a non-negative safe integer (nothing settled)
   * @throws {ReservationSettledError} settled already
   * @throws {StoreError} the ledger failed or refused the amount
   */
  commit(bytes?: number): Promise<void>
  /**
   * The operation failed: give back the bytes and the use.
   * @throws {ReservationSettledError} settled already
   * @throws {StoreError} the ledger failed
   */
  refund(): Promise<void>
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
