import { ClientInputError } from '../errors.js'

/** When a token ends: seconds from now, or a moment. One of the two at most; neither: the call's default lifetime. */
export interface EndTimeOptions {
  /** Seconds from the client's clock. */
  readonly expiresIn?: number
  /** Unix seconds, or a `Date` (its whole seconds: a token's `exp` has no fraction). */
  readonly expiresAt?: number | Date
}

/**
 * The Unix second `options` end at, read against `now`.
 * @throws {ClientInputError} both given; not a whole number of seconds (or an invalid `Date`); not after `now`
 */
export function endTime(options: EndTimeOptions, now: number, defaultLifetime: number): number {
  const { expiresIn, expiresAt } = options
  if (expiresIn !== undefined && expiresAt !== undefined) {
    throw new ClientInputError('pass expiresIn (seconds from now) or expiresAt (an end time), not both', { at: 'expiresAt' })
  }
  if (expiresAt === undefined) {
    const lifetime = expiresIn ?? defaultLifetime
    if (!Number.isSafeInteger(lifetime) || lifetime <= 0) throw new ClientInputError(`expiresIn must be a positive whole number of seconds, got ${String(lifetime)}`, { at: 'expiresIn' })
    return now + lifetime
  }
  const end = expiresAt instanceof Date ? Math.floor(expiresAt.getTime() / 1000) : expiresAt
  if (!Number.isSafeInteger(end)) throw new ClientInputError(`expiresAt must be whole Unix seconds or a valid Date, got ${String(expiresAt)}`, { at: 'expiresAt' })
  // A token that is already over would be signed only to be refused.
  if (end <= now) throw new ClientInputError(`expiresAt ${end} is not after now (${now})`, { at: 'expiresAt' })
  return end
}
