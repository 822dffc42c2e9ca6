/** Typed errors of `@capchain/evm-executor`, each with a stable `code`. */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'

export type ExecutorErrorCode = 'ERR_EVM_SIMULATION_FAILED' | 'ERR_EVM_TX_REVERTED' | 'ERR_EVM_ACCOUNT' | 'ERR_EVM_CHAIN'

/** Base class of every error this package raises or returns. */
export abstract class ExecutorError extends CapchainError {
  declare readonly code: ExecutorErrorCode

  constructor(code: ExecutorErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/** The call, made as the account by its executor, reverts: nothing was sent. */
export class SimulationFailedError extends ExecutorError {
  constructor(
    readonly revert: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_EVM_SIMULATION_FAILED', `the call reverts when simulated from the account (${revert}); nothing was sent`, options)
  }
}

/** The transaction was mined and reverted (the chain changed between simulation and execution). */
export class TransactionRevertedError extends ExecutorError {
  constructor(
    readonly hash: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_EVM_TX_REVERTED', `transaction ${hash} reverted; nothing was spent but its gas`, options)
  }
}

/** The invocation's account is not the smart account this executor holds for its subject. */
export class AccountMismatchError extends ExecutorError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_EVM_ACCOUNT', message, options)
  }
}

/** The chain refused a transaction or a request (a bad nonce, too little balance for gas…). */
export class ChainError extends ExecutorError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_EVM_CHAIN', message, options)
  }
}
