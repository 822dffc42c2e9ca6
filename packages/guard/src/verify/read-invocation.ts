import { CapchainError } from '@capchain/core/errors'
import { decodeInvocation } from '@capchain/core/token'
import type { Invocation } from '@capchain/core/token'
import { UndecodableTokenError } from '@capchain/verifier'

/** Invocations the guard's own check has just decoded from the request's bytes, not yet handed to anyone. */
const justRead = new WeakSet<Invocation>()

/**
 * Mark `invocation`, decoded by `decodeInvocation` from the request's bytes
 * a moment ago and shared with no one, as read: the next `readInvocation`
 * of it (the pipeline's first step) takes it as it is, once, instead of
 * decoding the same bytes a second time. Only the guard's check calls
 * this, between reading the credentials and authorizing; a decoded object
 * from anywhere else is re-read from its bytes.
 */
export function markRead(invocation: Invocation): Invocation {
  justRead.add(invocation)
  return invocation
}

/** The invocation decoded from its own bytes (a decoded object's payload is not trusted), or why it cannot be. */
export function readInvocation(input: Uint8Array | Invocation): Invocation | CapchainError {
  if (!(input instanceof Uint8Array) && justRead.delete(input)) return input
  const bytes = input instanceof Uint8Array ? input : input.bytes
  try {
    return decodeInvocation(bytes)
  } catch (error) {
    if (error instanceof CapchainError) return new UndecodableTokenError(error, { at: 'invocation' })
    throw error
  }
}
