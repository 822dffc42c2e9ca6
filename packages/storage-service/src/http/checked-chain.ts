import type { CapchainError } from '@capchain/core/errors'
import type { ChainLink } from '@capchain/verifier'
import type { Credentials } from '@capchain/guard'

/**
 * The chain links the storage check decoded for a request's credentials,
 * kept for the request's refusal, whatever refuses it (the check itself, or
 * a missing file after it passed): its explanation is drawn from them
 * instead of verifying the chain a second time. Keyed by the credentials
 * object, which lives as long as the request.
 */
const checked = new WeakMap<Credentials, readonly ChainLink[]>()

/** The links the storage check decoded for `credentials`, if it ran. */
export function checkedLinks(credentials: Credentials | undefined): readonly ChainLink[] | undefined {
  return credentials === undefined ? undefined : checked.get(credentials)
}

/**
 * Keep the result's links for `credentials`; its value, or its denial thrown.
 * @throws {CapchainError} the denial
 */
export function valueOrDenial<T>(
  credentials: Credentials,
  result: { readonly ok: true; readonly value: T; readonly links: readonly ChainLink[] } | { readonly ok: false; readonly error: CapchainError; readonly links: readonly ChainLink[] },
): T {
  checked.set(credentials, result.links)
  if (!result.ok) throw result.error
  return result.value
}
