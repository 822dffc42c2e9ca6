/**
 * Typed errors of `@capchain/siwe`.
 *
 * Every failure a caller can cause with bad input is one of these classes (or
 * one of `@capchain/core`'s, such as `InvalidSignatureError` and
 * `InputTooLargeError`), never a bare `Error`. `code` is stable and safe to
 * switch on; `at` names the message field at fault (`statement`,
 * `resources[2]`, `att["https://x"]["crud/read"]`, …).
 */
import { CapchainError, type CapchainErrorOptions } from '@capchain/core/errors'

/** Codes raised by `@capchain/siwe`, in addition to core's. */
export type SiweErrorCode =
  | 'ERR_SIWE_MALFORMED'
  | 'ERR_SIWE_ADDRESS_INVALID'
  | 'ERR_SIWE_OPTION_INVALID'
  | 'ERR_SIWE_DOMAIN_MISMATCH'
  | 'ERR_SIWE_NONCE_MISMATCH'
  | 'ERR_SIWE_CHAIN_ID_MISMATCH'
  | 'ERR_SIWE_EXPIRED'
  | 'ERR_SIWE_NOT_YET_VALID'
  | 'ERR_RECAP_INVALID'
  | 'ERR_RECAP_MISSING'
  | 'ERR_RECAP_STATEMENT_MISMATCH'

/** Options of errors that point into a SIWE message text. */
export interface SiweErrorOptions extends CapchainErrorOptions {
  /** 1-based line of the message text at fault, when the error comes from parsing. */
  line?: number
}

/**
 * A SIWE message (text or fields) breaks the EIP-4361 ABNF or a field rule.
 * `at` is the field (`domain`, `address`, `statement`, `issuedAt`, `resources[0]`,
 * or `message` for the layout as a whole); `line` is set when parsing text.
 */
export class InvalidSiweMessageError extends CapchainError {
  /** 1-based line of the message text, when the error comes from parsing. */
  readonly line: number | undefined

  constructor(message: string, options: SiweErrorOptions = {}) {
    const where = options.line === undefined ? '' : `line ${options.line}: `
    super('ERR_SIWE_MALFORMED', `${where}${message}`, options)
    this.line = options.line
  }
}

/** An Ethereum address given as an argument is not 0x + 40 hex digits, or its mixed case fails the EIP-55 checksum. */
export class InvalidAddressError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_ADDRESS_INVALID', message, options)
  }
}

/** An option passed to a SIWE function is out of range (an invalid `now` date, a negative skew, …); `at` names it. */
export class InvalidSiweOptionError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_OPTION_INVALID', message, options)
  }
}

/** The message's `domain` (or `scheme`) is not the origin the relying party expects. */
export class SiweDomainMismatchError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_DOMAIN_MISMATCH', message, options)
  }
}

/** The message's `nonce` is not the one the relying party issued. */
export class SiweNonceMismatchError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_NONCE_MISMATCH', message, options)
  }
}

/** The message's `chainId` is not the chain the relying party expects. */
export class SiweChainIdMismatchError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_CHAIN_ID_MISMATCH', message, options)
  }
}

/** `Expiration Time` has passed (allowing for clock skew). */
export class SiweExpiredError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_EXPIRED', message, options)
  }
}

/** `Not Before` is still in the future (allowing for clock skew). */
export class SiweNotYetValidError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_NOT_YET_VALID', message, options)
  }
}

/**
 * A ReCap (EIP-5573) is malformed: bad `urn:recap:` URI, bad base64url,
 * non-canonical JSON, a capability object of the wrong shape, or a ReCap URI
 * in the wrong place among the SIWE resources.
 */
export class InvalidRecapError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_RECAP_INVALID', message, options)
  }
}

/** A ReCap was required, but the SIWE message carries none. */
export class MissingRecapError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_RECAP_MISSING', message, options)
  }
}

/** The SIWE statement does not end with the text the ReCap translates to, so the signer did not see what they granted. */
export class RecapStatementMismatchError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_RECAP_STATEMENT_MISMATCH', message, options)
  }
}
