/**
 * The documented mapping from our error codes to the error names the UCAN
 * 1.0 invocation test vectors use (ucan-wg/spec fixtures/1.0.0). Those names
 * are labels for a kind of failure, not classes we copy: several of our
 * causes share one label, and causes the vectors do not cover are mapped to
 * the label whose meaning they share (see docs/verification.md).
 */
import { RootRejectedError } from './errors.js'
import type { VerificationError, VerifierErrorCode } from './errors.js'
import type { RootDenialReason } from './interface.js'

export type SpecErrorName =
  | 'InvalidClaim'
  | 'UnavailableProof'
  | 'Expired'
  | 'TooEarly'
  | 'InvalidAudience'
  | 'InvalidSubject'
  | 'InvalidSignature'
  | 'MatchError'

export const SPEC_ERROR_NAMES: Readonly<Record<VerifierErrorCode, SpecErrorName>> = Object.freeze({
  // The input is not a claim we can evaluate (or not within the verifier's limits).
  ERR_TOKEN_TOO_LARGE: 'InvalidClaim',
  ERR_CONTAINER_TOO_LARGE: 'InvalidClaim',
  ERR_TOO_MANY_PROOFS: 'InvalidClaim',
  ERR_CHAIN_TOO_LONG: 'InvalidClaim',
  ERR_POLICY_BUDGET_EXCEEDED: 'InvalidClaim',
  ERR_TOKEN_UNDECODABLE: 'InvalidClaim',
  ERR_TOKEN_KIND: 'InvalidClaim',
  ERR_PROOF_DUPLICATE: 'InvalidClaim',
  // The claim is not backed by authority: no proof, a root not issued by
  // its subject, a powerline at the root, an escalated command, a broken
  // policy, a revoked link, a caveat that says no.
  ERR_PROOF_MISSING: 'InvalidClaim',
  ERR_ROOT_NOT_SUBJECT: 'InvalidClaim',
  ERR_POWERLINE_ROOT: 'InvalidClaim',
  ERR_COMMAND_ESCALATION: 'InvalidClaim',
  ERR_POLICY_UNPARSABLE: 'InvalidClaim',
  ERR_REVOKED: 'InvalidClaim',
  ERR_REVOCATION_CHECK_FAILED: 'InvalidClaim',
  ERR_CAVEAT_DENIED: 'InvalidClaim',
  ERR_CAVEAT_UNENFORCED: 'InvalidClaim',
  // A proof we were pointed at is not there (or not what its CID names).
  ERR_PROOF_UNAVAILABLE: 'UnavailableProof',
  ERR_CID_MISMATCH: 'UnavailableProof',
  ERR_CONTAINER_UNDECODABLE: 'UnavailableProof',
  // Signatures, and issuers whose signatures we cannot check.
  ERR_SIGNATURE_MISMATCH: 'InvalidSignature',
  ERR_ISSUER_UNSUPPORTED: 'InvalidSignature',
  ERR_ISSUER_UNRESOLVABLE: 'InvalidSignature',
  ERR_EXPIRED: 'Expired',
  ERR_NOT_YET_VALID: 'TooEarly',
  ERR_PRINCIPAL_MISALIGNED: 'InvalidAudience',
  ERR_AUDIENCE_MISMATCH: 'InvalidAudience',
  ERR_SUBJECT_MISMATCH: 'InvalidSubject',
  ERR_POLICY_VIOLATION: 'MatchError',
  // Refined by the reason, below; a malformed or misplaced root is not a claim we can evaluate.
  ERR_ROOT_REJECTED: 'InvalidClaim',
})

const ROOT_REASON_NAMES: Readonly<Record<RootDenialReason, SpecErrorName>> = Object.freeze({
  expired: 'Expired',
  'not-yet-valid': 'TooEarly',
  signature: 'InvalidSignature',
  invalid: 'InvalidClaim',
})

/** The spec's name for the kind of failure `error` is. */
export function specErrorName(error: VerificationError): SpecErrorName {
  if (error instanceof RootRejectedError) return ROOT_REASON_NAMES[error.reason]
  return SPEC_ERROR_NAMES[error.code]
}
