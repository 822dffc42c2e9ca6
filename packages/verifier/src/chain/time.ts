/**
 * Time bounds of one token (delegation spec "Time Bounds", invocation spec
 * "Expiration"). Every link of the chain and the invocation itself must be
 * valid at the validation time `now`, within `skew` seconds either way:
 * valid from `nbf - skew` through `exp + skew`, both inclusive. An absent
 * `nbf` is the epoch; `exp: null` never expires. The invocation's `iat` is
 * the invoker's claim and is not trusted (invocation spec, "Issued At").
 * An invocation's `nbf` is not in the spec but iso-ucan writes it: we
 * accept it and enforce it like a delegation's, since it only narrows.
 */
import type { Token } from '@capchain/core/token'
import { ExpiredError, NotYetValidError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { ChainLink } from '../interface.js'
import { where } from './link.js'

export function checkTimeBounds(link: ChainLink, now: number, skew: number): VerificationError | undefined {
  const exp = link.token.payload.exp
  if (exp !== null && now > exp + skew) return new ExpiredError(exp, now, where(link))
  const nbf = notBefore(link.token)
  if (nbf !== undefined && now < nbf - skew) return new NotYetValidError(nbf, now, where(link))
  return undefined
}

/** The `nbf` of a token, delegation or invocation. */
export function notBefore(token: Token): number | undefined {
  return token.payload.nbf
}
