/**
 * Principal alignment (delegation spec "Principal Alignment"): each link is
 * issued by the audience of the link before it, so authority flows along an
 * unbroken line from the subject to the invoker. DIDs compare as strings:
 * the decoder admits no DID URL fragments, so there is nothing to strip.
 */
import { PrincipalMisalignedError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { ChainLink } from '../interface.js'
import { where } from './link.js'
import type { DelegationLink } from './link.js'

/** `link` (a delegation or the invocation) must be issued by the audience of `previous` (a delegation). */
export function checkAlignment(previous: DelegationLink, link: ChainLink): VerificationError | undefined {
  const expected = previous.token.payload.aud
  const actual = link.token.payload.iss
  return expected === actual ? undefined : new PrincipalMisalignedError(expected, actual, where(link))
}
