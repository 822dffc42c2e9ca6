import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'
import type { PolicyLimitName } from './interface.js'

/** Codes raised by `@capchain/policy`. */
export type PolicyErrorCode = 'ERR_POLICY_INVALID' | 'ERR_POLICY_LIMIT' | 'ERR_POLICY_OPTIONS_INVALID'

/**
 * A policy is malformed: wrong shape, unknown operator, bad selector, bad
 * `like` escape, non-IPLD literal. `at` names the position, e.g. `pol[2][1]`,
 * and the message starts with it: `pol[2][1]: selector must start with "."`.
 */
export class InvalidPolicyError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_POLICY_INVALID', options?.at === undefined ? message : `${options.at}: ${message}`, options)
  }
}

/**
 * A policy, or the work of evaluating it, exceeds one of the resource limits.
 * Thrown by the parser for the static limits; the `maxSteps` budget is
 * reported in a failed `PolicyResult` instead (see `PolicyFailure.error`).
 */
export class PolicyLimitError extends CapchainError {
  constructor(
    /** Which limit was exceeded. */
    readonly limit: PolicyLimitName,
    /** The limit's value. */
    readonly max: number,
    message: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_POLICY_LIMIT', options?.at === undefined ? message : `${options.at}: ${message}`, options)
  }
}

/** A caller passed a limit that is not a positive integer (or `Infinity`). */
export class InvalidPolicyOptionsError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_POLICY_OPTIONS_INVALID', message, options)
  }
}
