/**
 * Subject alignment (delegation spec "Subject" and "Powerline"): the root
 * names the subject and is issued by it (`sub` set, `iss == sub`); every
 * later delegation names the same subject or `null` (a powerline, which takes
 * the subject of the link before it and so can never be the root); the
 * invocation's `sub` is that subject.
 */
import type { DID } from '@capchain/core/principal'
import { PowerlineAtRootError, RootNotSubjectError, SubjectMismatchError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { ChainLink } from '../interface.js'
import { where } from './link.js'
import type { DelegationLink } from './link.js'

/** The chain's subject, named by its root, or why the root names none. */
export function rootSubject(root: DelegationLink): DID | VerificationError {
  const { iss, sub } = root.token.payload
  if (sub === null) return new PowerlineAtRootError(where(root))
  if (iss !== sub) return new RootNotSubjectError(iss, sub, where(root))
  return sub
}

/** A link after the root: its `sub` is the chain's subject, or `null` for a delegation (powerline). */
export function checkSubject(link: ChainLink, subject: DID): VerificationError | undefined {
  const sub = link.token.payload.sub
  if (sub === null || sub === subject) return undefined
  return new SubjectMismatchError(subject, sub, where(link))
}
