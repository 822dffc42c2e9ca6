/**
 * Typed errors of `@capchain/evm`, each with a stable `code`. Denials from
 * the chain itself (signatures, time, ordinary policies, revocation) are the
 * verifier's, and those of caps, replay and reservations the guard's; these
 * classes cover what the EVM profile adds.
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'

export type EvmErrorCode =
  | 'ERR_EVM_ARGS_INVALID'
  | 'ERR_EVM_COMMAND'
  | 'ERR_EVM_CALLDATA_MISMATCH'
  | 'ERR_EVM_CHAIN_MISMATCH'
  | 'ERR_EVM_CALL_SHAPE'
  | 'ERR_EVM_STATEMENT_INVALID'
  | 'ERR_EVM_LIMIT'
  | 'ERR_EVM_TYPED_DATA_INVALID'

/** Base class of the errors the EVM profile adds. */
export abstract class EvmError extends CapchainError {
  declare readonly code: EvmErrorCode

  constructor(code: EvmErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/** Invocation `args` that do not fit the profile (a missing, extra or mistyped field, a non-canonical address, amount or chain), or builder input of the wrong shape. */
export class InvalidEvmArgsError extends EvmError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_EVM_ARGS_INVALID', message, options)
  }
}

/** The invoked command is not the EVM operation the service performs. */
export class EvmCommandError extends EvmError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_EVM_COMMAND', message, options)
  }
}

/**
 * The calldata is not exactly the claimed function called with the claimed
 * arguments: another selector, bytes that do not decode, bytes that decode
 * but do not re-encode to themselves (trailing data, dirty padding), or a
 * decoded view in `args` that differs from what the calldata says.
 */
export class CalldataMismatchError extends EvmError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_EVM_CALLDATA_MISMATCH', message, options)
  }
}

/** The invocation (or its typed data's domain) names another chain than the service acts on. */
export class ChainMismatchError extends EvmError {
  constructor(
    readonly invoked: string,
    readonly expected: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_EVM_CHAIN_MISMATCH', `the invocation is for ${invoked}; this service acts on ${expected}`, options)
  }
}

/** A dangerous call shape (self-call, wrapper, delegatecall) that no grant of the chain allows (docs/evm.md, "Refused shapes"). */
export class ForbiddenCallShapeError extends EvmError {
  constructor(
    readonly shape: string,
    detail: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_EVM_CALL_SHAPE', `${shape} refused: ${detail}`, options)
  }
}

/** A `capchain/evm@1` statement that is malformed, nested, of an unknown version, or built from bad input. */
export class InvalidEvmStatementError extends EvmError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_EVM_STATEMENT_INVALID', message, options)
  }
}

/** A uint256 comparison of a `capchain/evm@1` statement does not hold for the invocation's args. */
export class EvmLimitError extends EvmError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_EVM_LIMIT', message, options)
  }
}

/** EIP-712 typed data that does not validate against its own types, or whose domain disagrees with the invocation. */
export class InvalidTypedDataError extends EvmError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_EVM_TYPED_DATA_INVALID', message, options)
  }
}
