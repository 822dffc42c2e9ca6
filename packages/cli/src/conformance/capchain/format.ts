/**
 * capchain's vector files (test-vectors/, docs/conformance.md), as read
 * here. Bytes are DAG-JSON `{"/": {"bytes": "<base64>"}}`, as in the
 * ucan-wg/spec invocation fixtures.
 */

/** The `format` field that marks a file as ours. */
export const CAPCHAIN_FORMAT = 'capchain-vectors/1'

/** How the file's verifier must be set up. */
export interface VerifierSection {
  /** Seconds of clock skew: always 0 (each case's `time` is exact). */
  readonly clockSkew: number
  /** Chains may start at a SIWE root whose `domain` is one of these. */
  readonly siwe?: { readonly domains: readonly string[] }
}

/** A denial as a case expects it: the spec's name, our code, and the code of the error it wraps. */
export interface ExpectedDenial {
  readonly name?: string
  readonly code: string
  readonly cause?: string
}

export interface SiweSection {
  readonly message: string
  readonly recap?: unknown
  readonly statement?: string
  readonly capabilities?: readonly { readonly command: string; readonly policy: readonly unknown[] }[]
}

export interface CapchainInvocationCase {
  readonly name: string
  readonly description?: string
  readonly time: number
  readonly invocation: unknown
  readonly proofs: readonly unknown[]
  readonly audience?: string
  readonly proofOrder?: 'root-first' | 'leaf-first'
  readonly siwe?: SiweSection
  readonly error?: ExpectedDenial
}

export interface CapchainInvocationFile {
  readonly verifier: VerifierSection
  readonly valid?: readonly CapchainInvocationCase[]
  readonly invalid?: readonly CapchainInvocationCase[]
}

export interface SequenceStep {
  readonly name: string
  readonly action: 'authorize' | 'revoke'
  readonly time: number
  readonly invocation: unknown
  readonly proofs: readonly unknown[]
  readonly request?: { readonly op: string; readonly path: string; readonly size?: number }
  readonly recorded?: boolean
  readonly error?: ExpectedDenial
}

export interface CapchainSequenceFile {
  readonly verifier: VerifierSection
  /** The storage service's DID: every invocation must be addressed to it. */
  readonly service: string
  readonly sequences: readonly { readonly name: string; readonly steps: readonly SequenceStep[] }[]
}
