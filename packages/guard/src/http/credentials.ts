/**
 * The credentials of a request: `Authorization: UCAN <container>`, one UCAN
 * container (any text variant; base64url is the one that fits a header
 * unescaped) holding the invocation and every proof it needs, the SIWE
 * CACAO root included. The container has no order: the invocation is the
 * one token tagged as an invocation; the rest are its proofs, passed on as
 * bytes (the verifier recognises those it has seen without decoding them).
 */
import { CapchainError, InputTooLargeError } from '@capchain/core/errors'
import { decodeContainer, decodeInvocation, tokenKindHint } from '@capchain/core'
import type { Invocation } from '@capchain/core'
import {
  ContainerTooLargeError,
  MAX_CONTAINER_BYTES,
  MAX_PROOFS,
  TooManyProofsError,
  UndecodableContainerError,
  UndecodableTokenError,
} from '@capchain/verifier'
import { MalformedCredentialsError, MissingCredentialsError } from './errors.js'

export interface Credentials {
  readonly invocation: Invocation
  /** Every other token of the container. */
  readonly proofs: readonly Uint8Array[]
}

const SCHEME = /^UCAN[ \t]+(\S+)[ \t]*$/i

/**
 * The default header limit (64 KiB): the longest `Authorization` header
 * read, and the most bytes a gzip container in it may inflate to, a third
 * more than the tokens an uncompressed header can carry. Inflation is
 * checked as it goes, so a few KiB of header cannot stand for the
 * verifier's 1 MiB of tokens to decode, hash and evaluate.
 */
export const MAX_INFLATED_CREDENTIALS_BYTES = 64 * 1024

/**
 * Read the credentials of a request. `maxHeaderBytes` bounds the header
 * itself (a Fetch runtime may put no limit of its own on it) and what its
 * container inflates to; a service that raises its server's header limit
 * passes the same number here.
 * @throws {MissingCredentialsError} no header
 * @throws {MalformedCredentialsError} not `UCAN <container>`, or not exactly one token tagged as an invocation in it
 * @throws {ContainerTooLargeError | TooManyProofsError | UndecodableContainerError} the verifier's denials for the container (too large: a header longer than `maxHeaderBytes`, or inflating past it)
 * @throws {UndecodableTokenError} the token tagged as the invocation does not decode as one
 */
export function readCredentials(header: string | null | undefined, maxHeaderBytes: number = MAX_INFLATED_CREDENTIALS_BYTES): Credentials {
  if (header === undefined || header === null || header === '') throw new MissingCredentialsError()
  // Header text is Latin-1 on the wire: its length is its size in bytes.
  if (header.length > maxHeaderBytes) throw new ContainerTooLargeError(header.length, maxHeaderBytes)
  const match = SCHEME.exec(header)
  if (match === null) throw new MalformedCredentialsError('the Authorization header must be "UCAN <container>"')
  const container = match[1]!
  let tokens: Uint8Array[]
  try {
    tokens = decodeContainer(container, { maxBytes: MAX_CONTAINER_BYTES, maxInflatedBytes: maxHeaderBytes }).tokens
  } catch (error) {
    if (error instanceof InputTooLargeError) throw new ContainerTooLargeError(error.size, error.limit)
    if (error instanceof CapchainError) throw new UndecodableContainerError(error)
    throw error
  }
  // Checked before any token is decoded; the invocation is one of them.
  if (tokens.length > MAX_PROOFS + 1) throw new TooManyProofsError(tokens.length - 1, MAX_PROOFS)
  // Only the token tagged as an invocation is decoded here, strictly; the tag is read from its first bytes.
  const invocations = tokens.filter((bytes) => tokenKindHint(bytes) === 'inv')
  if (invocations.length !== 1) {
    throw new MalformedCredentialsError(`the container must hold exactly one invocation; it holds ${invocations.length}`)
  }
  const [bytes] = invocations
  return { invocation: decodeTagged(bytes!), proofs: tokens.filter((token) => token !== bytes) }
}

/** @throws {UndecodableTokenError} the token tagged as the invocation is not a valid one */
function decodeTagged(bytes: Uint8Array): Invocation {
  try {
    return decodeInvocation(bytes)
  } catch (error) {
    if (error instanceof CapchainError) throw new UndecodableTokenError(error, { at: 'invocation' })
    throw error
  }
}
