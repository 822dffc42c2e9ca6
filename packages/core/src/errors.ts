/**
 * Typed errors shared by every capchain package.
 *
 * Policy: every failure a caller can cause with bad input is one of these
 * classes, never a bare `Error`, `TypeError` or `RangeError`. Each has a
 * stable `code` (safe to switch on, part of our public API), the CID of the
 * token at fault where one is known, the location inside it (`at`, e.g.
 * `payload.exp` or `prf[2]`) and a message written for a person.
 */

/** Codes raised by `@capchain/core`. Other packages extend the union with their own. */
export type CoreErrorCode =
  | 'ERR_INPUT_TOO_LARGE'
  | 'ERR_CBOR_MALFORMED'
  | 'ERR_CBOR_NON_CANONICAL'
  | 'ERR_CBOR_UNENCODABLE'
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_TOKEN_TAG_UNSUPPORTED'
  | 'ERR_VARSIG_MALFORMED'
  | 'ERR_VARSIG_UNSUPPORTED'
  | 'ERR_DID_INVALID'
  | 'ERR_DID_UNSUPPORTED'
  | 'ERR_KEY_INVALID'
  | 'ERR_SIGNATURE_INVALID'
  | 'ERR_COMMAND_INVALID'
  | 'ERR_CONTAINER_MALFORMED'
  | 'ERR_CONTAINER_UNSUPPORTED'

export interface CapchainErrorOptions {
  /** CID (string form) of the token at fault, when known. */
  cid?: string
  /** Where in the input the fault is: a field path such as `payload.exp`, or a position such as `prf[1]`. */
  at?: string
  /** The lower-level error that caused this one. */
  cause?: unknown
}

/** Base class of every error capchain throws or returns. */
export class CapchainError extends Error {
  /** Stable machine-readable code; subclasses fix it. */
  readonly code: string
  /** CID of the token at fault, when known. */
  readonly cid: string | undefined
  /** Location inside the input, when known. */
  readonly at: string | undefined

  constructor(code: string, message: string, options: CapchainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.cid = options.cid
    this.at = options.at
  }

  /** A plain object for `--json` output and logs. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message }
    if (this.cid !== undefined) json.cid = this.cid
    if (this.at !== undefined) json.at = this.at
    return json
  }
}

/** Input is larger than a documented limit; raised before any decoding work. */
export class InputTooLargeError extends CapchainError {
  constructor(
    readonly size: number,
    readonly limit: number,
    what: string,
    options?: CapchainErrorOptions,
    unit = 'bytes',
  ) {
    super('ERR_INPUT_TOO_LARGE', `${what} is ${size} ${unit}; the limit is ${limit}`, options)
  }
}

/** Bytes are not well-formed DAG-CBOR (truncated, trailing bytes, bad major type, too deep, …). */
export class MalformedCborError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CBOR_MALFORMED', message, options)
  }
}

/** Bytes decode, but are not the canonical DAG-CBOR encoding of what they decode to. */
export class NonCanonicalCborError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CBOR_NON_CANONICAL', message, options)
  }
}

/** A value outside the IPLD data model given to the DAG-CBOR encoder (`undefined`, `NaN`, a cycle, a `Date`…). */
export class UnencodableValueError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CBOR_UNENCODABLE', message, options)
  }
}

/** A token (or its envelope) has a missing, unknown or wrongly typed field; `at` names it. */
export class MalformedTokenError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_TOKEN_MALFORMED', message, options)
  }
}

/** The envelope's payload tag is not a UCAN kind and version we accept. */
export class UnsupportedTokenTagError extends CapchainError {
  constructor(readonly tag: string, options?: CapchainErrorOptions) {
    super('ERR_TOKEN_TAG_UNSUPPORTED', `unsupported token tag "${tag}"`, options)
  }
}

/** A varsig header is truncated or not a varsig v1 header. */
export class MalformedVarsigError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_VARSIG_MALFORMED', message, options)
  }
}

/** A well-formed varsig header names an algorithm, curve, hash or encoding we do not accept. */
export class UnsupportedVarsigError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_VARSIG_UNSUPPORTED', message, options)
  }
}

/** A DID string is not syntactically valid, or its did:key payload is not a valid key. */
export class InvalidDidError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_DID_INVALID', message, options)
  }
}

/** A valid DID whose method or key type we cannot verify signatures for. */
export class UnsupportedDidError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_DID_UNSUPPORTED', message, options)
  }
}

/** Key material (public or secret) is malformed or of the wrong length or type. */
export class InvalidKeyError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_KEY_INVALID', message, options)
  }
}

/** A signature does not verify against its issuer, or its varsig does not fit the issuer's key. */
export class InvalidSignatureError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_SIGNATURE_INVALID', message, options)
  }
}

/** A command string breaks the UCAN command syntax. */
export class InvalidCommandError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_COMMAND_INVALID', message, options)
  }
}

/** A UCAN container is malformed: bad header byte, bad base64, bad gzip, wrong CBOR shape. */
export class MalformedContainerError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CONTAINER_MALFORMED', message, options)
  }
}

/** A UCAN container variant this build does not read or write: gzip, when gzip support is not registered (`registerGzip`). */
export class UnsupportedContainerError extends CapchainError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CONTAINER_UNSUPPORTED', message, options)
  }
}
