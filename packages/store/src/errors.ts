/**
 * Typed errors of `@capchain/store`. Each has a stable `code`. A denial
 * (a cap exhausted, a replayed CID) is not an error here: the stores answer
 * it as a value and the caller decides how to report it.
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'

export type StoreErrorCode =
  | 'ERR_STORE_INPUT'
  | 'ERR_STORE_UNAVAILABLE'
  | 'ERR_STORE_CLOSED'
  | 'ERR_STORE_SCHEMA'
  | 'ERR_RESERVATION_UNKNOWN'
  | 'ERR_RESERVATION_DUPLICATE'
  | 'ERR_RESERVATION_REUSED'

/** Base class of every error a store throws. */
export abstract class StoreError extends CapchainError {
  declare readonly code: StoreErrorCode

  constructor(code: StoreErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/** An argument a store cannot record: a negative or fractional amount, an empty id, a commit above the reservation. */
export class StoreInputError extends StoreError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_STORE_INPUT', message, options)
  }
}

/**
 * The database failed (locked past the busy timeout, disk full, I/O error).
 * The operation changed nothing; `cause` is the driver's error. Callers
 * deny rather than guess.
 */
export class StoreUnavailableError extends StoreError {
  constructor(cause: unknown) {
    super('ERR_STORE_UNAVAILABLE', `the state store failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

/** The store was closed. */
export class StoreClosedError extends StoreError {
  constructor() {
    super('ERR_STORE_CLOSED', 'the state store is closed')
  }
}

/** The database file was written by an incompatible version of this package. */
export class StoreSchemaError extends StoreError {
  constructor(
    readonly found: number,
    readonly expected: number,
  ) {
    super('ERR_STORE_SCHEMA', `the database has schema version ${found}; this version of @capchain/store reads ${expected}`)
  }
}

/** Commit or refund of a reservation that does not exist (never made, or already settled). */
export class UnknownReservationError extends StoreError {
  constructor(readonly id: string) {
    super('ERR_RESERVATION_UNKNOWN', `no open reservation ${id}: it was never made or is already settled`)
  }
}

/** A reservation with this id is already open. */
export class DuplicateReservationError extends StoreError {
  constructor(readonly id: string) {
    super('ERR_RESERVATION_DUPLICATE', `a reservation ${id} is already open`)
  }
}

/**
 * A reservation id that was already settled (committed or refunded): an id
 * names one reservation, so a request whose reservation ended cannot charge
 * again under the same id (until a sweep forgets the id, once its
 * invocation's replay record is gone: see `StateStore.sweep`).
 */
export class ReusedReservationError extends StoreError {
  constructor(readonly id: string) {
    super('ERR_RESERVATION_REUSED', `reservation ${id} was already settled; an id names one reservation only`)
  }
}
