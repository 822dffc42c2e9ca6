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
  | 'ERR_SIWE_SESSION_LIFETIME'
  | 'ERR_SIWE_ISSUED_IN_FUTURE'
  | 'ERR_RECAP_INVALID'
  | 'ERR_RECAP_MISSING'
  | 'ERR_RECAP_STATEMENT_MISMATCH'
  | 'ERR_CACAO_MALFORMED'
  | 'ERR_CACAO_UNSUPPORTED'
  | 'ERR_CACAO_CID_MISMATCH'
  | 'ERR_SIWE_URI_NOT_DID_KEY'
  | 'ERR_SIWE_ROOT_CAPABILITY_INVALID'
  | 'ERR_SIWE_ROOT_COMMAND_NOT_GRANTED'
  | 'ERR_CONTRACT_SIGNATURE_UNAVAILABLE'
  | 'ERR_WALLET_REQUEST'

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
 * A SIWE root with no `Expiration Time`, or one further from its `Issued At`
 * than the format's `maxSessionLifetime`: a stolen session key would live
 * that long (or until revoked).
 */
export class SiweSessionLifetimeError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_SESSION_LIFETIME', message, options)
  }
}

/** `Issued At` is later than now (allowing for clock skew): its lifetime would start in the future and outlast the bound. */
export class SiweIssuedInFutureError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_ISSUED_IN_FUTURE', message, options)
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

/**
 * Bytes decode as DAG-CBOR but are not a CACAO (CAIP-74) of a signed SIWE
 * message: a missing, unknown or wrongly typed field, or no signature. `at`
 * is the CACAO path (`p.iss`, `s.s`, …). A field whose value breaks an
 * EIP-4361 rule is an {@link InvalidSiweMessageError} with the same kind of `at`.
 */
export class MalformedCacaoError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CACAO_MALFORMED', message, options)
  }
}

/** A well-formed CACAO of a kind we do not verify: header type (`h.t`), signature type (`s.t`) or issuer namespace. */
export class UnsupportedCacaoError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CACAO_UNSUPPORTED', message, options)
  }
}

/** CACAO bytes do not hash to the CID they were claimed to have (a `prf` entry, a store key). */
export class CacaoCidMismatchError extends CapchainError {
  constructor(
    readonly expected: string,
    readonly actual: string,
    options?: CapchainErrorOptions,
  ) {
    super('ERR_CACAO_CID_MISMATCH', `CACAO bytes hash to ${actual}, not the claimed ${expected}`, { cid: actual, ...options })
  }
}

/** A SIWE root's `URI` (the CACAO's `aud`) is not exactly a did:key we can verify: the session key must be one. */
export class SiweUriNotDidKeyError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_URI_NOT_DID_KEY', message, options)
  }
}

/**
 * A ReCap capability (or one given to `createSiweRoot`) has no UCAN meaning
 * under the root mapping of docs/siwe-root.md: a resource other than the
 * subject, an ability that is not a command, a caveat that is not a policy,
 * overlapping abilities, ReCap proofs. `at` names the place.
 */
export class InvalidRootCapabilityError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIWE_ROOT_CAPABILITY_INVALID', message, options)
  }
}

/** No capability of a SIWE root covers the command the next link of the chain asks for. */
export class RootCommandNotGrantedError extends CapchainError {
  constructor(
    readonly command: string,
    readonly granted: readonly string[],
    options?: CapchainErrorOptions,
  ) {
    super('ERR_SIWE_ROOT_COMMAND_NOT_GRANTED', `the SIWE root grants ${granted.join(', ')}; none covers ${command}`, options)
  }
}

/**
 * A signature can only be checked on chain (ERC-1271 or ERC-6492) and that
 * check could not be made: no checker is configured, no client serves the
 * chain, or the call failed (a revert cannot be told from a transport error
 * through an `eth_call`). The root is refused, never accepted, in every case.
 */
export class ContractSignatureUnavailableError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CONTRACT_SIGNATURE_UNAVAILABLE', message, options)
  }
}

/** A wallet refused or failed a request (user rejection, locked wallet, an answer of the wrong shape); `at` names the method. */
export class WalletRequestError extends CapchainError {
  constructor(method: string, message: string, cause?: unknown) {
    super('ERR_WALLET_REQUEST', `wallet ${method}: ${message}`, { at: method, cause })
  }
}
