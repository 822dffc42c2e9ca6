/**
 * Typed errors of the notes example: what its handlers and routes refuse
 * that the chain cannot decide (a note that does not exist, a body that is
 * not the declared size). Answered as the guard answers its own, through
 * `guard.problem`, with the statuses of {@link NOTES_STATUSES}.
 */
import { CapchainError } from '@capchain/core/errors'
import type { CapchainErrorOptions } from '@capchain/core/errors'

export type NotesErrorCode = 'ERR_NOTE_NOT_FOUND' | 'ERR_NOTE_SIZE_MISMATCH' | 'ERR_NOTE_TOO_LARGE' | 'ERR_LENGTH_REQUIRED' | 'ERR_SHARE_TARGET'

/** Base class of every error the notes example raises. */
export abstract class NotesError extends CapchainError {
  declare readonly code: NotesErrorCode

  constructor(code: NotesErrorCode, message: string, options?: CapchainErrorOptions) {
    super(code, message, options)
  }
}

/** The subject has no note with this id. */
export class NoteNotFoundError extends NotesError {
  constructor(id: string, options?: CapchainErrorOptions) {
    super('ERR_NOTE_NOT_FOUND', `no note ${JSON.stringify(id)}`, { at: 'args.id', ...options })
  }
}

/** The body received is not the size the invocation stated (and the guard reserved). */
export class NoteSizeMismatchError extends NotesError {
  constructor(declared: number, received: number, options?: CapchainErrorOptions) {
    super('ERR_NOTE_SIZE_MISMATCH', `the invocation states ${declared} bytes, the body has ${received}`, { at: 'args.size', ...options })
  }
}

/** A note larger than the service stores: refused before its chain is read. */
export class NoteTooLargeError extends NotesError {
  constructor(size: number, max: number, options?: CapchainErrorOptions) {
    super('ERR_NOTE_TOO_LARGE', `a note of ${size} bytes is over the ${max} bytes a note may have`, { at: 'content-length', ...options })
  }
}

/** A write without `Content-Length`: its size, which is reserved, would be unknown. */
export class LengthRequiredError extends NotesError {
  constructor(options?: CapchainErrorOptions) {
    super('ERR_LENGTH_REQUIRED', 'a write states its size in Content-Length', { at: 'content-length', ...options })
  }
}

/** A share whose `to` is missing or not a DID. */
export class ShareTargetError extends NotesError {
  constructor(to: string | undefined, options?: CapchainErrorOptions) {
    super('ERR_SHARE_TARGET', to === undefined ? 'a share names its reader in ?to=<did>' : `${JSON.stringify(to)} is not a DID`, { at: 'query.to', ...options })
  }
}

/** The statuses of the notes codes, layered over the guard's (`GuardConfig.statuses`). */
export const NOTES_STATUSES: Readonly<Record<NotesErrorCode, number>> = {
  ERR_NOTE_NOT_FOUND: 404,
  ERR_NOTE_SIZE_MISMATCH: 400,
  ERR_NOTE_TOO_LARGE: 413,
  ERR_LENGTH_REQUIRED: 411,
  ERR_SHARE_TARGET: 400,
}
