import { CapchainError } from '@capchain/core/errors'
import { CaveatDeniedError } from '@capchain/verifier'
import type { CaveatCheck, CaveatContext, VerificationError } from '@capchain/verifier'

/**
 * Our stateful checks as the verifier's `checkCaveats` hook, keeping our own
 * typed error. The verifier reports any hook denial as a
 * `CaveatDeniedError`; `denial(error)` gives back the error the hook raised
 * (a `CapExceededError`, a `ReplayError`, a store failure) so callers see
 * its stable code.
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
  return { hook, denial: (error) => (error instanceof CaveatDeniedError && raised !== undefined ? raised : error) }
}
