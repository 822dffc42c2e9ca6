import {
  InvalidSiweOptionError,
  SiweChainIdMismatchError,
  SiweDomainMismatchError,
  SiweExpiredError,
  SiweNonceMismatchError,
  SiweNotYetValidError,
} from '../errors.js'
import { checkSiweFields } from './check.js'
import { quote } from './fields.js'
import type { SiweMessageFields } from './interface.js'

/**
 * Default tolerance, in seconds, between the verifier's clock and the
 * signer's when checking `Expiration Time` and `Not Before`.
 * One minute covers ordinary NTP drift without meaningfully stretching a
 * session's lifetime.
 */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60

/** What the relying party expects of a SIWE message. */
export interface ValidateSiweMessageOptions {
  /** The time to check against. Required, so that verification never reads a hidden clock. */
  now: Date
  /** Expected `domain` (RFC 3986 authority of the relying party), compared exactly. */
  domain?: string
  /** Expected scheme of the origin; a message without one is taken as `https`, as EIP-4361 says. */
  scheme?: string
  /** The nonce the relying party issued for this sign-in. */
  nonce?: string
  /** Expected EIP-155 chain id. */
  chainId?: number
  /** Clock tolerance in seconds, ≥ 0, applied to `Expiration Time` and `Not Before`. Default {@link DEFAULT_CLOCK_SKEW_SECONDS}. */
  skewSeconds?: number
}

/**
 * Check a SIWE message's fields against the relying party's expectations and
 * the clock: every field's syntax, then domain (and scheme), nonce, chain id,
 * and the validity window. With skew `s`, the message is valid when
 * `notBefore − s ≤ now < expirationTime + s`.
 *
 * `Issued At` is checked as a date-time but not against the clock: EIP-4361
 * gives it no validity meaning ("typically the current time"), and the
 * spruceid vector `verification_positive / expired message` is valid at a
 * time before its `Issued At`. Signatures are not checked here: see {@link verifySiweMessage}.
 * @throws {InvalidSiweMessageError} if a field breaks EIP-4361.
 * @throws {SiweDomainMismatchError} if `domain` or `scheme` differs from the expected origin.
 * @throws {SiweNonceMismatchError} if `nonce` differs from the expected one.
 * @throws {SiweChainIdMismatchError} if `chainId` differs from the expected one.
 * @throws {SiweExpiredError} if the expiration time has passed.
 * @throws {SiweNotYetValidError} if `notBefore` is still in the future.
 * @throws {InvalidSiweOptionError} if `now` is not a valid date or `skewSeconds` is negative or not finite.
 */
export function validateSiweMessage(fields: SiweMessageFields, options: ValidateSiweMessageOptions): void {
  const now = options.now instanceof Date ? options.now.getTime() : Number.NaN
  // An Invalid Date would make every comparison below false, i.e. accept everything.
  if (!Number.isFinite(now)) throw new InvalidSiweOptionError('now must be a valid Date', { at: 'now' })
  const skewSeconds = options.skewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS
  if (typeof skewSeconds !== 'number' || !Number.isFinite(skewSeconds) || skewSeconds < 0) {
    throw new InvalidSiweOptionError('skewSeconds must be a finite number ≥ 0', { at: 'skewSeconds' })
  }
  const skew = skewSeconds * 1000

  const checked = checkSiweFields(fields)
  const message = checked.fields
  if (options.domain !== undefined && message.domain !== options.domain) {
    throw new SiweDomainMismatchError(`message is for domain ${quote(message.domain)}, expected ${quote(options.domain)}`, { at: 'domain' })
  }
  if (options.scheme !== undefined && (message.scheme ?? 'https') !== options.scheme) {
    throw new SiweDomainMismatchError(`message is for scheme ${quote(message.scheme ?? 'https')}, expected ${quote(options.scheme)}`, {
      at: 'scheme',
    })
  }
  if (options.nonce !== undefined && message.nonce !== options.nonce) {
    throw new SiweNonceMismatchError(`message nonce ${quote(message.nonce)} is not the expected nonce`, { at: 'nonce' })
  }
  if (options.chainId !== undefined && message.chainId !== options.chainId) {
    throw new SiweChainIdMismatchError(`message is for chain ${message.chainId}, expected chain ${options.chainId}`, { at: 'chainId' })
  }

  const when = `at ${new Date(now).toISOString()} with ${skewSeconds} s of allowed clock skew`
  if (checked.expirationTime !== undefined && now >= checked.expirationTime.instant + skew) {
    throw new SiweExpiredError(`message expired at ${checked.expirationTime.text} (checked ${when})`, { at: 'expirationTime' })
  }
  if (checked.notBefore !== undefined && now < checked.notBefore.instant - skew) {
    throw new SiweNotYetValidError(`message is not valid before ${checked.notBefore.text} (checked ${when})`, { at: 'notBefore' })
  }
}
