import { CapchainError } from '@capchain/core/errors'
import { CaveatDeniedError, PolicyUnparsableError } from '@capchain/verifier'
import type { CaveatCheck, CaveatContext, VerificationError } from '@capchain/verifier'
import { InvalidCapError } from '../errors.js'

/**
 * Our stateful checks as the verifier's `checkCaveats` hook, keeping our own
 * typed errors. The verifier reports any hook denial as a
 * `CaveatDeniedError`, and a cap `capCaveats` refused as a
 * `PolicyUnparsableError`; `denial(error)` gives back the error we raised
 * (a `CapExceededError`, a `ReplayError`, a store failure, an
 * `InvalidCapError`) so callers see its stable code.
 */
export function caveatHook(check: (context: CaveatContext) => Promise<void>): {
  readonly hook: CaveatCheck
  denial(error: VerificationError): CapchainError
} {
  let raised: CapchainError | undefined
  const hook: CaveatCheck = async (context) => {
    try {
      await check(context)
    } catch (error) {
      if (!(error instanceof CapchainError)) throw error
      raised = error
      return new CaveatDeniedError(error.message, { cause: error, at: 'invocation' })
    }
    return undefined
  }
  const denial = (error: VerificationError): CapchainError => {
    if (error instanceof CaveatDeniedError && raised !== undefined) return raised
    if (error instanceof PolicyUnparsableError && error.cause instanceof InvalidCapError) return error.cause
    return error
  }
  return { hook, denial }
}
