import { decodeEnvelope } from '../envelope/decode.js'
import { delegationFromEnvelope } from './delegation.js'
import type { DecodeOptions, Token } from './interface.js'
import { invocationFromEnvelope } from './invocation.js'

/**
 * Decode any token kind from its bytes. Does not check the signature.
 *
 * @throws {CapchainError} see `decodeDelegation` and `decodeInvocation`
 */
export function decodeToken(bytes: Uint8Array, options?: DecodeOptions): Token {
  const envelope = decodeEnvelope(bytes, options)
  return envelope.kind === 'dlg' ? delegationFromEnvelope(envelope) : invocationFromEnvelope(envelope)
}
