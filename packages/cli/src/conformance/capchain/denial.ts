import { CapchainError } from '@capchain/core/errors'
import { specErrorName, VerificationError } from '@capchain/verifier'
import type { ExpectedDenial } from './format.js'

/**
 * Where a denial differs from what the case expects, or `undefined`. For our
 * implementation all three are checked: the spec name (absent when the
 * verifier did not deny: a storage-profile denial has none), the code, and,
 * when the case names one, the code of the wrapped error (the decoder's under
 * `ERR_TOKEN_UNDECODABLE`, the SIWE root's under `ERR_ROOT_REJECTED`).
 */
export function denialMismatch(error: CapchainError, expected: ExpectedDenial): string | undefined {
  const name = error instanceof VerificationError ? specErrorName(error) : undefined
  const cause = error.cause instanceof CapchainError ? error.cause.code : undefined
  const actual = describeDenial(name, error.code, cause)
  if (name !== expected.name || error.code !== expected.code || (expected.cause !== undefined && cause !== expected.cause)) {
    return `expected ${describeDenial(expected.name, expected.code, expected.cause)}, got ${actual}: ${error.message}`
  }
  return undefined
}

/** `ERR_X (Name, cause ERR_Y)`, for the result lines. */
export function describeDenial(name: string | undefined, code: string, cause?: string): string {
  const notes = [...(name === undefined ? [] : [name]), ...(cause === undefined ? [] : [`cause ${cause}`])]
  return notes.length === 0 ? code : `${code} (${notes.join(', ')})`
}
