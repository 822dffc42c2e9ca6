/**
 * Typed errors of `@capchain/client`, each with a stable `code`. A denial
 * by the service keeps the service's code (the verifier's or the storage
 * profile's, e.g. `ERR_REVOKED`), so callers switch on one set of codes
 * whether a check failed here or there.
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'

export type ClientErrorCode =
  | 'ERR_KEY_NOT_EXTRACTABLE'
  | 'ERR_KEY_STORE'
  | 'ERR_NOT_SIGNED_IN'
  | 'ERR_NO_AUTHORITY'
  | 'ERR_DELEGATION_IMPORT'
  | 'ERR_UNKNOWN_DELEGATION'
  | 'ERR_CLIENT_INPUT'
  | 'ERR_TRANSPORT'
  | 'ERR_UNSUPPORTED_WALLET'
  | 'ERR_INVALID_PRIVATE_KEY'
  | 'ERR_UNSUPPORTED_METHOD'
  | 'ERR_UNAUTHORIZED_ACCOUNT'

/** Base class of the errors this package raises itself. */
export abstract class ClientError extends CapchainError {
  declare readonly code: ClientErrorCode

  constructor(code: ClientErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/** The key lives in WebCrypto as non-extractable: its secret cannot leave it, by design. */
export class NonExtractableKeyError extends ClientError {
  constructor(did: string) {
    super('ERR_KEY_NOT_EXTRACTABLE', `the secret of ${did} is a non-extractable WebCrypto key and cannot be exported`)
  }
}

/** The key or the client's records could not be read or written (a damaged key file, IndexedDB refused). */
export class KeyStoreError extends ClientError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_KEY_STORE', message, options)
  }
}

/** An operation that needs a wallet session was called before `signIn`. */
export class NotSignedInError extends ClientError {
  constructor(what: string) {
    super('ERR_NOT_SIGNED_IN', `${what} needs a session: call signIn(provider) first`)
  }
}

/** The client holds no session and no imported delegation to act with. */
export class NoAuthorityError extends ClientError {
  constructor(message: string) {
    super('ERR_NO_AUTHORITY', message)
  }
}

/** A delegation string that cannot be used by this client: unreadable, or no chain in it reaches this client's key. */
export class DelegationImportError extends ClientError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_DELEGATION_IMPORT', message, options)
  }
}

/** `revoke(cid)` for a CID this client neither issued nor signed in with: it holds no witness path for it. */
export class UnknownDelegationError extends ClientError {
  constructor(cid: string) {
    super('ERR_UNKNOWN_DELEGATION', `${cid} is neither a delegation this client issued nor one of its sessions`, { cid })
  }
}

/** Arguments the client refuses before anything is signed or sent. */
export class ClientInputError extends ClientError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_CLIENT_INPUT', message, options)
  }
}

/** The service could not be reached, or answered something that is not the service's protocol. */
export class TransportError extends ClientError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_TRANSPORT', message, options)
  }
}

/** `signIn` or a session revocation got something that is none of the wallet kinds the client accepts. */
export class UnsupportedWalletError extends ClientError {
  constructor(passed: string, accepted: string) {
    super('ERR_UNSUPPORTED_WALLET', `expected a wallet, got ${passed}: pass ${accepted}`, { at: 'wallet' })
  }
}

/** `localWallet` got something that is not a secp256k1 private key. The message describes what was passed, never the key. */
export class InvalidPrivateKeyError extends ClientError {
  constructor(passed: string) {
    super('ERR_INVALID_PRIVATE_KEY', `expected a secp256k1 private key, got ${passed}: pass 32 bytes, or 64 hex digits (with or without 0x), in [1, n − 1]`, {
      at: 'privateKey',
    })
  }
}

/** A wallet request for a method the local wallet does not answer; `rpcCode` is EIP-1193's 4200 (Unsupported Method). */
export class UnsupportedMethodError extends ClientError {
  readonly rpcCode = 4200

  constructor(method: string, supported: readonly string[]) {
    super('ERR_UNSUPPORTED_METHOD', `the local wallet does not answer ${method}: it answers ${supported.join(', ')}`, { at: method })
  }
}

/** A signature asked for an account the wallet holds no key for, or with malformed parameters; `rpcCode` is EIP-1193's 4100 (Unauthorized). */
export class UnauthorizedAccountError extends ClientError {
  readonly rpcCode = 4100

  constructor(method: string, message: string) {
    super('ERR_UNAUTHORIZED_ACCOUNT', `${method}: ${message}`, { at: method })
  }
}

/**
 * What the service says about a refused request: its RFC 9457
 * `application/problem+json` body, the same from every guarded service
 * (`@capchain/guard`'s `ProblemBody`), verbatim.
 */
export interface ServiceErrorBody {
  /** `https://capchain.dev/errors/<code>` */
  readonly type?: string
  readonly title?: string
  readonly status?: number
  /** The error's message, written for a person. */
  readonly detail: string
  /** The stable code (ERR_…). */
  readonly code: string
  readonly at?: string
  readonly cid?: string
  /** The UCAN specification's name for a verifier denial, when it has one. */
  readonly specName?: string
  readonly explanation?: string
}

/**
 * The service refused the request. `code`, `at` and `cid` are the service's
 * (the verifier's error code for a denied chain); `explanation` is the
 * verifier's `explain()` text of the chain, the failing link marked.
 */
export class ServiceError extends CapchainError {
  readonly status: number
  readonly explanation: string | undefined
  /** The UCAN specification's name for the denial, when it has one. */
  readonly specName: string | undefined

  constructor(status: number, body: ServiceErrorBody) {
    super(body.code, body.detail, {
      ...(body.cid === undefined ? {} : { cid: body.cid }),
      ...(body.at === undefined ? {} : { at: body.at }),
    })
    this.status = status
    this.explanation = body.explanation
    this.specName = body.specName
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      ...(this.specName === undefined ? {} : { specName: this.specName }),
      ...(this.explanation === undefined ? {} : { explanation: this.explanation }),
    }
  }
}
