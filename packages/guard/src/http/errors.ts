/**
 * Typed errors of the guard's HTTP layer: the credentials a request
 * presents before any token is read. Codes are the stable API (the storage
 * service answered with the same ones before the guard existed).
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'

export type GuardHttpErrorCode = 'ERR_AUTH_MISSING' | 'ERR_AUTH_MALFORMED'

/** Base class of the HTTP layer's own errors. */
export abstract class GuardHttpError extends CapchainError {
  declare readonly code: GuardHttpErrorCode

  constructor(code: GuardHttpErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/** No `Authorization: UCAN <container>` header. */
export class MissingCredentialsError extends GuardHttpError {
  constructor() {
    super('ERR_AUTH_MISSING', 'the request carries no "Authorization: UCAN <container>" header', { at: 'authorization' })
  }
}

/** The header is there but does not hold one invocation in a UCAN container. */
export class MalformedCredentialsError extends GuardHttpError {
  constructor(message: string, options?: CapchainErrorOptions) {
    super('ERR_AUTH_MALFORMED', message, { at: 'authorization', ...options })
  }
}
