/**
 * The credentials of a request: `Authorization: UCAN <container>`, one UCAN
 * container (any text variant; base64url is the one that fits a header
 * unescaped) holding the invocation and every proof it needs, the SIWE
 * CACAO root included. The container has no order: the invocation is the
 * one token that decodes as an invocation; the rest are its proofs.
 */
import { CapchainError, InputTooLargeError } from '@capchain/core/errors'
import { decodeContainer, decodeToken } from '@capchain/core'
import type { Invocation } from '@capchain/core'
import { looksLikeCacao } from '@capchain/siwe'
import { ContainerTooLargeError, MAX_CONTAINER_BYTES, MAX_PROOFS, TooManyProofsError, UndecodableContainerError } from '@capchain/verifier'
import { MalformedCredentialsError, MissingCredentialsError } from '../errors.js'

export interface Credentials {
  readonly invocation: Invocation
  /** Every other token of the container. */
  readonly proofs: readonly Uint8Array[]
}

const SCHEME = /^UCAN[ \t]+(\S+)[ \t]*$/i

/**
 * @throws {MissingCredentialsError} no header
 * @throws {MalformedCredentialsError} not `UCAN <container>`, or not exactly one invocation in it
 * @throws {ContainerTooLargeError | TooManyProofsError | UndecodableContainerError} the verifier's denials for the container
 */
export function readCredentials(header: string | undefined): Credentials {
  if (header === undefined || header === '') throw new MissingCredentialsError()
  const match = SCHEME.exec(header)
  if (match === null) throw new MalformedCredentialsError('the Authorization header must be "UCAN <container>"')
  const container = match[1]!
  let tokens: Uint8Array[]
  try {
    tokens = decodeContainer(container, { maxBytes: MAX_CONTAINER_BYTES }).tokens
  } catch (error) {
    if (error instanceof InputTooLargeError) throw new ContainerTooLargeError(error.size, error.limit)
    if (error instanceof CapchainError) throw new UndecodableContainerError(error)
    throw error
  }
  // Checked before any token is decoded; the invocation is one of them.
  if (tokens.length > MAX_PROOFS + 1) throw new TooManyProofsError(tokens.length - 1, MAX_PROOFS)
  const invocations = tokens.filter((bytes) => !looksLikeCacao(bytes) && decodesAsInvocation(bytes))
  if (invocations.length !== 1) {
    throw new MalformedCredentialsError(`the container must hold exactly one invocation; it holds ${invocations.length}`)
  }
  const [bytes] = invocations
  return { invocation: decodeToken(bytes!) as Invocation, proofs: tokens.filter((token) => token !== bytes) }
}

/** Undecodable tokens are left to the verifier, which reports them if the invocation references them. */
function decodesAsInvocation(bytes: Uint8Array): boolean {
  try {
    return decodeToken(bytes).kind === 'inv'
  } catch (error) {
    if (error instanceof CapchainError) return false
    throw error
  }
}
