/**
 * The structural walk: every link root first, then the invocation. For each
 * link, in this order: time bounds (time.ts), subject (subject.ts),
 * principal alignment with the link before (principal-alignment.ts), command
 * attenuation of what the links before passed on (command.ts). The first
 * failure in chain order is the answer, so a denial always names the
 * earliest broken link.
 *
 * Signatures are checked before this walk (signature/check.ts) and policies
 * after it (policy.ts).
 */
import type { DID } from '@capchain/core/principal'
import { MissingProofError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { ChainLink } from '../interface.js'
import { attenuate } from './command.js'
import { where } from './link.js'
import type { DelegationLink } from './link.js'
import { checkAlignment } from './principal-alignment.js'
import { checkSubject, rootSubject } from './subject.js'
import { checkTimeBounds } from './time.js'

/** What a chain establishes: its subject, and the command authority it carries to its holder (or the invoked command). */
export interface WalkedChain {
  readonly subject: DID
  readonly command: string
}

/** Walk `delegations` (root first) and then `invocation`, if any; answer what the chain establishes, or the first rule broken. */
export function walkChain(
  delegations: readonly DelegationLink[],
  invocation: ChainLink | undefined,
  now: number,
  skew: number,
): WalkedChain | VerificationError {
  // What the chain has established so far: its subject, the last delegation
  // and the command authority it carries down.
  let chain: { subject: DID; previous: DelegationLink; command: string } | undefined
  for (const link of delegations) {
    const timeError = checkTimeBounds(link, now, skew)
    if (timeError !== undefined) return timeError
    if (chain === undefined) {
      const subject = rootSubject(link)
      if (typeof subject !== 'string') return subject
      chain = { subject, previous: link, command: link.token.payload.cmd }
    } else {
      const command = checkFollowing(chain, link)
      if (typeof command !== 'string') return command
      chain = { subject: chain.subject, previous: link, command }
    }
  }

  if (invocation === undefined) {
    return chain === undefined ? new MissingProofError('the delegation chain is empty') : { subject: chain.subject, command: chain.command }
  }
  const timeError = checkTimeBounds(invocation, now, skew)
  if (timeError !== undefined) return timeError
  if (chain === undefined) {
    // Only the subject itself may invoke without proof (invocation spec, "Proofs").
    const { iss, sub, cmd } = invocation.token.payload
    if (iss === sub) return { subject: sub, command: cmd }
    return new MissingProofError(
      `the invocation lists no proof, so only its subject ${sub} may issue it; it is issued by ${iss}`,
      where(invocation),
    )
  }
  const command = checkFollowing(chain, invocation)
  return typeof command === 'string' ? { subject: chain.subject, command } : command
}

/** Subject, principal alignment and command of a link after the root; answers the command it passes on. */
function checkFollowing(
  chain: { subject: DID; previous: DelegationLink; command: string },
  link: ChainLink,
): string | VerificationError {
  return checkSubject(link, chain.subject) ?? checkAlignment(chain.previous, link) ?? attenuate(chain.command, link)
}
