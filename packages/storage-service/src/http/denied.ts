import type { CapchainError } from '@capchain/core/errors'
import type { ChainLink } from '@capchain/verifier'

/**
 * A denial from `@capchain/storage`, thrown inside a route with the chain
 * links its verification decoded, so that the refusal explains that chain
 * without verifying it a second time.
 */
export class ChainDenied extends Error {
  constructor(
    readonly error: CapchainError,
    readonly links: readonly ChainLink[],
  ) {
    super(error.message)
    this.name = 'ChainDenied'
  }
}

/** The result's value, or its denial thrown as `ChainDenied`. */
export function grantedOrThrow<T>(result: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CapchainError; readonly links: readonly ChainLink[] }): T {
  if (!result.ok) throw new ChainDenied(result.error, result.links)
  return result.value
}
