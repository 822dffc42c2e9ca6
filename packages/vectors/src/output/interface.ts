import type { SpecErrorName } from '@capchain/verifier'


/**
 * What a denial must be. `name` is the spec's label, the one thing another
 * implementation is asked to match; `code` is our stable error code, and
 * `cause` the code of the error underneath it where ours wraps one (the
 * decoder's for `ERR_TOKEN_UNDECODABLE`, the root format's for `ERR_ROOT_REJECTED`).
 */
export interface ExpectedError {
  readonly name: SpecErrorName
  readonly code: string
  readonly cause?: string
}

/** A denial in a stateful sequence: `name` only where the verifier denied (a storage-profile denial has no spec name). */
export interface ExpectedStepError {
  readonly name?: SpecErrorName
  readonly code: string
  readonly cause?: string
}

/** Anything that carries token bytes: raw bytes, a decoded token, a signed SIWE root. */
export type TokenSource = Uint8Array | { readonly bytes: Uint8Array } | { readonly cacao: Uint8Array }

export function tokenBytes(token: TokenSource): Uint8Array {
  if (token instanceof Uint8Array) return token
  return 'bytes' in token ? token.bytes : token.cacao
}

/** How a vector file's verifier must be set up, besides clock skew 0 at each case's `time`. */
export interface VerifierSetup {
  /** Chains may start at a SIWE root (CAIP-74 CACAO) whose `domain` is one of these. */
  readonly siweDomains?: readonly string[]
}

/** One generated file: its name under test-vectors/ and its exact text. */
export interface GeneratedFile {
  readonly name: string
  readonly text: string
}
