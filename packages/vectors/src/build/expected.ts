/**
 * The expected denials, written by hand from docs/verification.md and
 * docs/storage.md, never computed by running our code: a vector must be able
 * to catch our own regressions.
 */
import type { ExpectedError, ExpectedStepError } from '../output/interface.js'

const invalidClaim = (code: string, cause?: string): ExpectedError => ({ name: 'InvalidClaim', code, ...(cause === undefined ? {} : { cause }) })

export const POLICY_VIOLATION: ExpectedError = { name: 'MatchError', code: 'ERR_POLICY_VIOLATION' }
export const COMMAND_ESCALATION = invalidClaim('ERR_COMMAND_ESCALATION')
export const POWERLINE_ROOT = invalidClaim('ERR_POWERLINE_ROOT')
export const ROOT_NOT_SUBJECT = invalidClaim('ERR_ROOT_NOT_SUBJECT')
export const DUPLICATE_PROOF = invalidClaim('ERR_PROOF_DUPLICATE')
export const CHAIN_TOO_LONG = invalidClaim('ERR_CHAIN_TOO_LONG')
export const TOO_MANY_PROOFS = invalidClaim('ERR_TOO_MANY_PROOFS')
export const TOKEN_TOO_LARGE = invalidClaim('ERR_TOKEN_TOO_LARGE')
export const TOKEN_KIND = invalidClaim('ERR_TOKEN_KIND')
export const REVOKED = invalidClaim('ERR_REVOKED')
export const PROOF_UNAVAILABLE: ExpectedError = { name: 'UnavailableProof', code: 'ERR_PROOF_UNAVAILABLE' }
export const SIGNATURE_MISMATCH: ExpectedError = { name: 'InvalidSignature', code: 'ERR_SIGNATURE_MISMATCH' }
export const ISSUER_UNSUPPORTED: ExpectedError = { name: 'InvalidSignature', code: 'ERR_ISSUER_UNSUPPORTED' }
export const EXPIRED: ExpectedError = { name: 'Expired', code: 'ERR_EXPIRED' }
export const NOT_YET_VALID: ExpectedError = { name: 'TooEarly', code: 'ERR_NOT_YET_VALID' }
export const PRINCIPAL_MISALIGNED: ExpectedError = { name: 'InvalidAudience', code: 'ERR_PRINCIPAL_MISALIGNED' }
export const AUDIENCE_MISMATCH: ExpectedError = { name: 'InvalidAudience', code: 'ERR_AUDIENCE_MISMATCH' }
export const SUBJECT_MISMATCH: ExpectedError = { name: 'InvalidSubject', code: 'ERR_SUBJECT_MISMATCH' }

/** A token the decoder refuses; `cause` is the decoder's code (`ERR_CBOR_MALFORMED`, `ERR_TOKEN_MALFORMED`, …). */
export function undecodable(cause: string): ExpectedError {
  return invalidClaim('ERR_TOKEN_UNDECODABLE', cause)
}

/** A SIWE root its format refused; the spec name follows the reason, `cause` is the SIWE code. */
export function rootRejected(name: ExpectedError['name'], cause: string): ExpectedError {
  return { name, code: 'ERR_ROOT_REJECTED', cause }
}

/** A denial by the storage profile or its stateful checks, not by the verifier: no spec name. */
export function storageDenial(code: string): ExpectedStepError {
  return { code }
}
