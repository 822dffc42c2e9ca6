/**
 * The HTTP status of each error code a guarded route can answer with
 * (docs/integrate.md, "Statuses"); a service adds its own codes with
 * {@link statusWith}.
 *
 * - 401: the credentials cannot be read or are not authentic, or not valid
 *   now (a signature, an undecodable token, an expired chain): sign again.
 * - 403: authentic credentials that do not allow this request, including an
 *   exhausted cap. A cap is a lifetime total of a delegation that never
 *   refills, so 429 ("retry later") would mislead; the code says which.
 * - 429: a periodic cap's window is spent (`ERR_CAP_WINDOW_EXCEEDED`); it is
 *   whole again after `Retry-After` seconds.
 * - 409: the invocation was already executed.
 * - 431: credentials larger than the header limit.
 * - 503: the state store cannot answer; nothing was decided, retry.
 */
import { RootRejectedError } from '@capchain/verifier'
import type { CapchainError } from '@capchain/core/errors'

const STATUS: Readonly<Record<string, number>> = {
  ERR_AUTH_MISSING: 401,
  ERR_AUTH_MALFORMED: 401,
  ERR_CONTAINER_MALFORMED: 401,
  ERR_CONTAINER_UNDECODABLE: 401,
  ERR_TOKEN_UNDECODABLE: 401,
  ERR_TOKEN_KIND: 401,
  ERR_PROOF_UNAVAILABLE: 401,
  ERR_CID_MISMATCH: 401,
  ERR_SIGNATURE_MISMATCH: 401,
  ERR_ISSUER_UNSUPPORTED: 401,
  ERR_ISSUER_UNRESOLVABLE: 401,
  ERR_EXPIRED: 401,
  ERR_NOT_YET_VALID: 401,
  ERR_TOKEN_TOO_LARGE: 431,
  ERR_CONTAINER_TOO_LARGE: 431,
  ERR_TOO_MANY_PROOFS: 431,
  ERR_STORAGE_EXPIRY: 400,
  ERR_REVOCATION_INVALID: 400,
  ERR_REPLAY: 409,
  ERR_CAP_WINDOW_EXCEEDED: 429,
  ERR_REVOCATION_CHECK_FAILED: 503,
  ERR_STORE_UNAVAILABLE: 503,
  ERR_STORE_CLOSED: 503,
}

/** A rejected SIWE root is 401 when it is not authentic or not valid now, 403 when it is but grants nothing here (e.g. another domain). */
const ROOT_REASON_STATUS = { signature: 401, expired: 401, 'not-yet-valid': 401, invalid: 403 } as const

/** The status of a denial: every code not listed is a chain that does not authorize the request, 403. */
export function statusOf(error: CapchainError): number {
  return statusWith({})(error)
}

/** `statusOf` with a service's own codes over the guard's (a service code wins). */
export function statusWith(own: Readonly<Record<string, number>>): (error: CapchainError) => number {
  return (error) => {
    if (error instanceof RootRejectedError) return ROOT_REASON_STATUS[error.reason]
    return own[error.code] ?? STATUS[error.code] ?? 403
  }
}
