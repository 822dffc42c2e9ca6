/**
 * Limits and defaults of the verifier. Every limit is checked before the
 * work it bounds (a size before decoding, a count before signature checks),
 * can be overridden per call through `limits`, and raises its own typed error.
 */
import { MAX_TOKEN_BYTES as CORE_MAX_TOKEN_BYTES } from '@capchain/core/lean'
import { InvalidOptionsError } from './errors.js'

/**
 * Most delegations in one chain (`prf.length` of an invocation, or the length
 * of a chain given to `verifyDelegation`). Real chains are 1–4 links; 16 bounds
 * the signature checks a single request can cause.
 */
export const MAX_CHAIN_LENGTH = 16

/**
 * Most tokens supplied alongside one invocation (container entries or list
 * items), referenced or not. Every supplied token is hashed to find the
 * referenced ones, so this bounds that work.
 */
export const MAX_PROOFS = 32

/** Largest single token accepted, in bytes (the core decoder's limit, 128 KiB). */
export const MAX_TOKEN_BYTES = CORE_MAX_TOKEN_BYTES

/**
 * Largest proof container accepted, in bytes or characters of its encoded
 * form, checked before it is decoded. Delegations are a few hundred bytes
 * each; 1 MiB leaves room for `MAX_PROOFS` tokens with large policies.
 */
export const MAX_CONTAINER_BYTES = 1024 * 1024

/**
 * Policy evaluation work for one whole chain, in the policy package's steps
 * of work actually done (docs/policy.md, "Cost model"). Every link's policy,
 * and the explanation of the one that denies, spend from one budget, so a
 * chain costs at most this whatever its length: a few milliseconds of the
 * costliest work. Honest chains spend tens of steps per link; a policy that
 * needs more is better enforced by the service (`serviceCaveats`).
 */
export const MAX_POLICY_STEPS = 1_000_000

/**
 * Clock-skew allowance in seconds applied to every `nbf` and `exp`: a token
 * is accepted from `nbf - skew` until `exp + skew` inclusive. The UCAN spec
 * recommends a buffer of ±60 seconds.
 */
export const DEFAULT_CLOCK_SKEW = 60

/**
 * Proofs kept in a verifier's cache (decoded delegation, signature result and
 * parsed policy, keyed by CID): a few MB at most, enough for the working set
 * of a busy service.
 */
export const SIGNATURE_CACHE_SIZE = 10_000

/**
 * Bytes of tokens a verifier's cache holds, at most (plus one token): a
 * bound on top of the count, so that large tokens cannot multiply it. The
 * decoded form of a token costs a few times its bytes in memory.
 */
export const SIGNATURE_CACHE_BYTES = 16 * 1024 * 1024

/** Seconds a resolved DID document's keys (and signature results that depend on them) stay cached. */
export const DID_CACHE_TTL = 300

/** Resolved DID documents kept in a verifier's cache. */
export const DID_CACHE_SIZE = 1_000

/** Most keys taken from one DID document; a signature is tried against each key that fits its algorithm. */
export const MAX_DID_DOCUMENT_KEYS = 16

/** The limits one verification runs under. */
export interface VerifierLimits {
  /** Default `MAX_CHAIN_LENGTH` (16). */
  readonly maxChainLength: number
  /** Default `MAX_PROOFS` (32). */
  readonly maxProofs: number
  /** Default `MAX_TOKEN_BYTES` (128 KiB). */
  readonly maxTokenBytes: number
  /** Default `MAX_CONTAINER_BYTES` (1 MiB). */
  readonly maxContainerBytes: number
  /** Default `MAX_POLICY_STEPS` (1,000,000), for the whole chain. */
  readonly maxPolicySteps: number
}

export const DEFAULT_LIMITS: VerifierLimits = Object.freeze({
  maxChainLength: MAX_CHAIN_LENGTH,
  maxProofs: MAX_PROOFS,
  maxTokenBytes: MAX_TOKEN_BYTES,
  maxContainerBytes: MAX_CONTAINER_BYTES,
  maxPolicySteps: MAX_POLICY_STEPS,
})

/**
 * Fill in defaults and check overrides.
 *
 * @throws {InvalidOptionsError} a limit that is not a positive safe integer
 */
export function resolveLimits(overrides: Partial<VerifierLimits> | undefined): VerifierLimits {
  if (overrides === undefined) return DEFAULT_LIMITS
  const limits: Record<string, number> = {}
  for (const [name, fallback] of Object.entries(DEFAULT_LIMITS) as [keyof VerifierLimits, number][]) {
    const value = overrides[name] ?? fallback
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new InvalidOptionsError(`limits.${name} must be a positive integer, got ${String(value)}`)
    }
    limits[name] = value
  }
  return limits as unknown as VerifierLimits
}
