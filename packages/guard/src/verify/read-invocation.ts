import { CapchainError } from '@capchain/core/errors'
import { decodeInvocation } from '@capchain/core/token'
import type { Invocation } from '@capchain/core/token'
import { UndecodableTokenError } from '@capchain/verifier'

/** The invocation decoded from its own bytes (a decoded object's payload is not trusted), or why it cannot be. */
export function readInvocation(input: Uint8Array | Invocation): Invocation | CapchainError {
  const bytes = input instanceof Uint8Array ? input : input.bytes
  try {
    return decodeInvocation(bytes)
  } catch (error) {
    if (error instanceof CapchainError) return new UndecodableTokenError(error, { at: 'invocation' })
    throw error
  }
}
