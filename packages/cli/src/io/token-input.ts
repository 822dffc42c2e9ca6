import { CapchainError, decodeContainer, MalformedContainerError, MalformedTokenError } from '@capchain/core'
import { fromString } from 'uint8arrays/from-string'

const CONTAINER_HEADERS = new Set(['@', 'B', 'C', 'M', 'O', 'P'].map((c) => c.charCodeAt(0)))
const ENVELOPE_ARRAY_HEADER = 0x82
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const BASE64URL = /^[A-Za-z0-9_-]+$/

/**
 * Turn what a user handed us into token bytes. Accepted, in this order: a raw
 * DAG-CBOR token (starts with 0x82, an array of two), a UCAN container in any
 * of its six variants (by its header byte), or one token in base64 / base64url text.
 *
 * @throws {MalformedContainerError | InputTooLargeError} a container that does not decode
 * @throws {MalformedTokenError} none of the forms above
 */
export function tokensFromInput(input: Uint8Array): Uint8Array[] {
  const first = input[0]
  if (first === undefined) throw new MalformedTokenError('input is empty', { at: 'input' })
  if (first === ENVELOPE_ARRAY_HEADER) return [input]
  if (CONTAINER_HEADERS.has(first)) return containerTokens(input)
  const text = new TextDecoder().decode(input).trim()
  if (BASE64.test(text)) return [fromString(text.replace(/=+$/, ''), 'base64')]
  if (BASE64URL.test(text)) return [fromString(text, 'base64url')]
  throw new MalformedTokenError(
    'input is not a token: expected raw DAG-CBOR bytes, a UCAN container, or base64 text of one token',
    { at: 'input' },
  )
}

/**
 * The token bytes of a UCAN container. Every failure is typed: an error
 * that escapes the decoder untyped (the base64 library's, for a body with
 * non-zero trailing bits) becomes a `MalformedContainerError`.
 *
 * @throws {MalformedContainerError | InputTooLargeError} a container that does not decode
 */
export function containerTokens(input: Uint8Array): Uint8Array[] {
  try {
    return decodeContainer(input).tokens
  } catch (error) {
    if (error instanceof CapchainError) throw error
    throw new MalformedContainerError(`container does not decode: ${(error as Error).message}`, { at: 'body', cause: error })
  }
}
