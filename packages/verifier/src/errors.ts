/**
 * Why a verification was denied: one class per cause.
 *
 * Every class extends `CapchainError` with a stable `code` from
 * `VerifierErrorCode`, the CID of the token at fault (`cid`) and its position
 * in the input (`at`: `invocation`, `prf[i]` as listed in the invocation, or
 * `chain[i]` for `verifyDelegation`; `proofs` for the supplied proof set).
 * Denials are returned in a result, never thrown; only misuse of the API
 * (`InvalidOptionsError`) is thrown.
 *
 * `specErrorName` (spec-error-name.ts) maps each code to the error names of
 * the UCAN 1.0 test vectors.
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { PolicyFailure } from '@capchain/policy'
import type { RootDenialReason } from './interface.js'

export type VerifierErrorCode =
  | 'ERR_TOKEN_TOO_LARGE'
  | 'ERR_CONTAINER_TOO_LARGE'
  | 'ERR_TOO_MANY_PROOFS'
  | 'ERR_CHAIN_TOO_LONG'
  | 'ERR_TOKEN_UNDECODABLE'
  | 'ERR_CONTAINER_UNDECODABLE'
  | 'ERR_TOKEN_KIND'
  | 'ERR_PROOF_MISSING'
  | 'ERR_PROOF_UNAVAILABLE'
  | 'ERR_CID_MISMATCH'
  | 'ERR_PROOF_DUPLICATE'
  | 'ERR_SIGNATURE_MISMATCH'
  | 'ERR_ISSUER_UNSUPPORTED'
  | 'ERR_ISSUER_UNRESOLVABLE'
  | 'ERR_EXPIRED'
  | 'ERR_NOT_YET_VALID'
  | 'ERR_PRINCIPAL_MISALIGNED'
  | 'ERR_AUDIENCE_MISMATCH'
  | 'ERR_SUBJECT_MISMATCH'
  | 'ERR_ROOT_NOT_SUBJECT'
  | 'ERR_POWERLINE_ROOT'
  | 'ERR_COMMAND_ESCALATION'
  | 'ERR_POLICY_UNPARSABLE'
  | 'ERR_POLICY_VIOLATION'
  | 'ERR_POLICY_BUDGET_EXCEEDED'
  | 'ERR_REVOKED'
  | 'ERR_REVOCATION_CHECK_FAILED'
  | 'ERR_CAVEAT_DENIED'
  | 'ERR_CAVEAT_UNENFORCED'
  | 'ERR_ROOT_REJECTED'

/** Base class of every denial the verifier returns. */
export abstract class VerificationError extends CapchainError {
  declare readonly code: VerifierErrorCode

  constructor(code: VerifierErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/** Thrown (not returned) when the verifier is called with options it cannot use. */
export class InvalidOptionsError extends CapchainError {
  constructor(message: string) {
    super('ERR_OPTIONS_INVALID', message)
  }
}

// ── Limits ────────────────────────────────────────────────────────────────

/** A token is larger than `limits.maxTokenBytes`; found before it was hashed or decoded. */
export class TokenTooLargeError extends VerificationError {
  constructor(
    readonly size: number,
    readonly limit: number,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_TOKEN_TOO_LARGE', `${where(options)}is ${size} bytes; the limit is ${limit}`, options)
  }
}

/** The proof container is larger than `limits.maxContainerBytes`; found before it was decoded. */
export class ContainerTooLargeError extends VerificationError {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super('ERR_CONTAINER_TOO_LARGE', `the proof container is ${size} bytes; the limit is ${limit}`, { at: 'proofs' })
  }
}

/** More tokens were supplied than `limits.maxProofs`; found before any was hashed. */
export class TooManyProofsError extends VerificationError {
  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super('ERR_TOO_MANY_PROOFS', `${count} proof tokens were supplied; the limit is ${limit}`, { at: 'proofs' })
  }
}

/** The chain has more delegations than `limits.maxChainLength`; found before any proof was looked up. */
export class ChainTooLongError extends VerificationError {
  constructor(
    readonly length: number,
    readonly limit: number,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_CHAIN_TOO_LONG', `the delegation chain has ${length} links; the limit is ${limit}`, options)
  }
}

// ── Input ─────────────────────────────────────────────────────────────────

/** A token's bytes are not a valid UCAN 1.0 token; `cause` is the decoder's typed error and `reason` its code. */
export class UndecodableTokenError extends VerificationError {
  readonly reason: string

  constructor(cause: CapchainError, options?: CapchainErrorOptions) {
    super('ERR_TOKEN_UNDECODABLE', `${where(options)}is not a valid UCAN token: ${cause.message}`, { ...options, cause })
    this.reason = cause.code
  }
}

/** The proof container cannot be decoded; `cause` is the decoder's typed error. */
export class UndecodableContainerError extends VerificationError {
  constructor(cause: CapchainError) {
    super('ERR_CONTAINER_UNDECODABLE', `the proof container is not valid: ${cause.message}`, { at: 'proofs', cause })
  }
}

/** A delegation was expected and an invocation found, or the other way round. */
export class WrongTokenKindError extends VerificationError {
  constructor(
    readonly expected: 'delegation' | 'invocation',
    options?: CapchainErrorOptions,
  ) {
    super('ERR_TOKEN_KIND', `${where(options)}is not a ${expected}`, options)
  }
}

// ── Proofs ────────────────────────────────────────────────────────────────

/** The invocation lists no proof, and its issuer is not its subject (only a subject may invoke on itself without proof). */
export class MissingProofError extends VerificationError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_PROOF_MISSING', message, options)
  }
}

/** A CID listed in `prf` was neither supplied nor returned by `resolve`. */
export class UnavailableProofError extends VerificationError {
  constructor(options: CapchainErrorOptions & { cid: string }) {
    super(
      'ERR_PROOF_UNAVAILABLE',
      `${options.at ?? 'a proof'} names ${options.cid}, but no supplied or resolvable token hashes to that CID`,
      options,
    )
  }
}

/** Bytes presented as the token with some CID hash to a different CID. */
export class CidMismatchError extends VerificationError {
  constructor(
    readonly claimed: string,
    readonly computed: string,
    options?: CapchainErrorOptions,
  ) {
    super(
      'ERR_CID_MISMATCH',
      `${options?.at ?? 'a token'} was presented as ${claimed}, but its bytes hash to ${computed}`,
      { ...options, cid: computed },
    )
  }
}

/** The same CID appears twice in `prf` (or in a chain given to `verifyDelegation`): a chain is a line, not a loop. */
export class DuplicateProofError extends VerificationError {
  constructor(
    readonly first: string,
    options: CapchainErrorOptions & { cid: string },
  ) {
    super('ERR_PROOF_DUPLICATE', `${options.at ?? 'a link'} repeats ${options.cid}, already listed at ${first}`, options)
  }
}

// ── Signatures ────────────────────────────────────────────────────────────

/** A token's signature does not verify against the key of its `iss`. */
export class SignatureMismatchError extends VerificationError {
  constructor(
    readonly issuer: DID,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_SIGNATURE_MISMATCH', `${where(options)}is not signed by its issuer ${issuer}`, options)
  }
}

/**
 * An issuer whose signatures this verifier cannot check: a DID method it has
 * no key source for (no resolver configured, or did:pkh outside a signed
 * SIWE root), or a key type or DID the core does not support.
 */
export class UnsupportedIssuerError extends VerificationError {
  constructor(
    readonly issuer: string,
    reason: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_ISSUER_UNSUPPORTED', `${where(options)}has issuer ${issuer}: ${reason}`, options)
  }
}

/** Resolving a non-did:key issuer failed, or its DID document has no usable key. */
export class IssuerResolutionError extends VerificationError {
  constructor(
    readonly issuer: string,
    reason: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_ISSUER_UNRESOLVABLE', `${where(options)}has issuer ${issuer}, which could not be resolved: ${reason}`, options)
  }
}

// ── Time ──────────────────────────────────────────────────────────────────

/** A token's `exp` (plus the clock-skew allowance) is before the validation time. */
export class ExpiredError extends VerificationError {
  constructor(
    readonly expiration: number,
    readonly now: number,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_EXPIRED', `${where(options)}expired at ${isoTime(expiration)} (validated at ${isoTime(now)})`, options)
  }
}

/** A token's `nbf` (minus the clock-skew allowance) is after the validation time. */
export class NotYetValidError extends VerificationError {
  constructor(
    readonly notBefore: number,
    readonly now: number,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_NOT_YET_VALID', `${where(options)}is not valid before ${isoTime(notBefore)} (validated at ${isoTime(now)})`, options)
  }
}

// ── Principals and subject ────────────────────────────────────────────────

/** A link's `iss` is not the `aud` of the link before it: the chain is broken there. */
export class PrincipalMisalignedError extends VerificationError {
  constructor(
    readonly expected: DID,
    readonly actual: DID,
    options?: CapchainErrorOptions,
  ) {
    super(
      'ERR_PRINCIPAL_MISALIGNED',
      `${where(options)}is issued by ${actual}, but the delegation before it was given to ${expected}`,
      options,
    )
  }
}

/**
 * The token is addressed to someone other than the verifying party: an
 * invocation's `aud` (or its `sub` when `aud` is absent) is not the service's
 * DID, or the last delegation of a chain is not given to its holder.
 */
export class AudienceMismatchError extends VerificationError {
  constructor(
    readonly expected: DID,
    readonly actual: DID,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_AUDIENCE_MISMATCH', `${where(options)}is addressed to ${actual}, not to the verifier ${expected}`, options)
  }
}

/** A link names another subject than the chain's root. */
export class SubjectMismatchError extends VerificationError {
  constructor(
    readonly expected: DID,
    readonly actual: DID,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_SUBJECT_MISMATCH', `${where(options)}is about subject ${actual}, but the chain is about ${expected}`, options)
  }
}

/** The root delegation is not issued by its subject, so nothing grants the authority it passes on. */
export class RootNotSubjectError extends VerificationError {
  constructor(
    readonly issuer: DID,
    readonly subject: DID,
    options?: CapchainErrorOptions,
  ) {
    super(
      'ERR_ROOT_NOT_SUBJECT',
      `${where(options)}is the root of the chain but is issued by ${issuer}, not by its subject ${subject}`,
      options,
    )
  }
}

/** The root delegation is a powerline (`sub: null`); a powerline only passes on a subject some earlier link named. */
export class PowerlineAtRootError extends VerificationError {
  constructor(options?: CapchainErrorOptions) {
    super('ERR_POWERLINE_ROOT', `${where(options)}is the root of the chain but has sub: null (a powerline cannot be a root)`, options)
  }
}

// ── Capability ────────────────────────────────────────────────────────────

/** A link's command is not the delegated command or a path below it. */
export class CommandEscalationError extends VerificationError {
  constructor(
    readonly delegated: string,
    readonly requested: string,
    options?: CapchainErrorOptions,
  ) {
    super(
      'ERR_COMMAND_ESCALATION',
      `${where(options)}uses command ${requested}, which ${delegated} (delegated before it) does not cover`,
      options,
    )
  }
}

/** A delegation's policy is not a valid UCAN policy, so it can never hold. */
export class PolicyUnparsableError extends VerificationError {
  constructor(cause: CapchainError, options?: CapchainErrorOptions) {
    super('ERR_POLICY_UNPARSABLE', `${where(options)}has an invalid policy: ${cause.message}`, { ...options, cause })
  }
}

/** The invocation's `args` fail a statement of a delegation's policy. */
export class PolicyViolationError extends VerificationError {
  constructor(
    readonly failure: PolicyFailure,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_POLICY_VIOLATION', `the invocation's args fail the policy of ${where(options).trimEnd()}: ${failure.message}`, options)
  }
}

/**
 * Evaluating the chain's policies on the invocation's `args` ran out of the
 * one budget the whole chain shares (`limits.maxPolicySteps`): denied, not
 * decided. `at`/`cid` name the link whose policy was being evaluated and
 * `failure.index` its statement; `spent` is what the chain used.
 */
export class PolicyBudgetExceededError extends VerificationError {
  constructor(
    readonly failure: PolicyFailure,
    readonly limit: number,
    readonly spent: number,
    options?: CapchainErrorOptions,
  ) {
    super(
      'ERR_POLICY_BUDGET_EXCEEDED',
      `evaluating the chain's policies ran out of its budget of ${limit} steps at ${where(options)}pol[${failure.index}]`,
      options,
    )
  }
}

// ── Stateful checks ───────────────────────────────────────────────────────

/** The revocation hook reports this link revoked. */
export class RevokedError extends VerificationError {
  constructor(options?: CapchainErrorOptions) {
    super('ERR_REVOKED', `${where(options)}has been revoked`, options)
  }
}

/** The revocation hook failed or answered in a shape we cannot read; we deny rather than guess. */
export class RevocationCheckFailedError extends VerificationError {
  constructor(reason: string, cause?: unknown) {
    super('ERR_REVOCATION_CHECK_FAILED', `the revocation check failed: ${reason}`, cause === undefined ? {} : { cause })
  }
}

/**
 * A stateful caveat (quota, rate limit, replay store, …) denied the invocation
 * after every stateless check passed. Hooks return or throw an instance (or a
 * subclass) to deny; any other error a hook throws is wrapped in one.
 */
export class CaveatDeniedError extends VerificationError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CAVEAT_DENIED', message, options)
  }
}

/**
 * The chain holds policy statements the verifier's `serviceCaveats` leave to
 * the service, and no `checkCaveats` hook was given to enforce them: denied
 * rather than skipped, so a quota is never silently lifted.
 */
export class UnenforcedCaveatError extends VerificationError {
  constructor(options?: CapchainErrorOptions) {
    super(
      'ERR_CAVEAT_UNENFORCED',
      `${where(options)}has policy statements the service enforces itself, and no caveat check was given to enforce them`,
      options,
    )
  }
}

/**
 * A chain root in a foreign format (a SIWE root) was refused by its format:
 * bad signature, outside its time bounds, malformed, or standing anywhere
 * but at the root. `reason` says which; the format's own typed error is the `cause`.
 */
export class RootRejectedError extends VerificationError {
  constructor(
    readonly format: string,
    readonly reason: RootDenialReason,
    cause: unknown,
    options: CapchainErrorOptions,
    what = `was refused (${reason})${cause instanceof Error ? `: ${cause.message}` : ''}`,
  ) {
    super('ERR_ROOT_REJECTED', `${where(options)}is a ${format} root that ${what}`, { ...options, cause })
  }
}

function where(options: CapchainErrorOptions | undefined): string {
  if (options?.at === undefined) return options?.cid === undefined ? 'the token ' : `token ${options.cid} `
  return options.cid === undefined ? `${options.at} ` : `${options.at} (${options.cid}) `
}

function isoTime(seconds: number): string {
  const ms = seconds * 1000
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? `${new Date(ms).toISOString()} [${seconds}]` : String(seconds)
}
