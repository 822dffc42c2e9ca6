import { verifySiweSignature } from '../eip191/verify.js'
import type { SiweMessageFields } from './interface.js'
import { parseSiweMessage, type ParseSiweMessageOptions } from './parse.js'
import { validateSiweMessage, type ValidateSiweMessageOptions } from './validate.js'

/** Options of {@link verifySiweMessage}: what the relying party expects, plus parsing limits. */
export interface VerifySiweMessageOptions extends ValidateSiweMessageOptions, ParseSiweMessageOptions {}

/**
 * Parse a signed SIWE message, check it against the relying party's
 * expectations and the clock, then check that its own `address` made the
 * EIP-191 signature (EOAs only). The cheap checks run before the signature.
 * @returns the message's fields.
 * @throws {InvalidSiweMessageError} if the text is not a valid SIWE message.
 * @throws {InputTooLargeError} if the text is longer than `options.maxLength`.
 * @throws {SiweDomainMismatchError | SiweNonceMismatchError | SiweChainIdMismatchError} if a field is not the expected value.
 * @throws {SiweExpiredError | SiweNotYetValidError} if `now` is outside the validity window.
 * @throws {InvalidSiweOptionError} if `now` or `skewSeconds` is invalid.
 * @throws {InvalidSignatureError} if the signature is malformed, high-S, or not the address's.
 */
export function verifySiweMessage(message: string, signature: Uint8Array | string, options: VerifySiweMessageOptions): SiweMessageFields {
  const fields = parseSiweMessage(message, options)
  validateSiweMessage(fields, options)
  verifySiweSignature(message, signature, fields.address)
  return fields
}
