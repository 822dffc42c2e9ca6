/**
 * Revocation: one call of the `isRevoked` hook per chain, with the CID of
 * every token in it (root first, invocation last), after every stateless
 * check passed. Never cached: revocation is irreversible but it is learned
 * over time. A hook that throws, or answers in a shape we cannot read,
 * denies the chain (fail closed).
 */
import { RevocationCheckFailedError, RevokedError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { ChainLink, RevocationCheck } from '../interface.js'
import { where } from './link.js'

export async function checkRevocation(isRevoked: RevocationCheck, links: readonly ChainLink[]): Promise<VerificationError | undefined> {
  let answer: ReadonlySet<string> | readonly boolean[]
  try {
    answer = await isRevoked(links.map((link) => link.cid))
  } catch (cause) {
    return new RevocationCheckFailedError(cause instanceof Error ? cause.message : String(cause), cause)
  }
  const flags = revokedFlags(answer, links)
  if (flags === undefined) {
    return new RevocationCheckFailedError(`the hook must answer a Set of CID strings or ${links.length} booleans`)
  }
  const link = links[flags.indexOf(true)]
  return link === undefined ? undefined : new RevokedError(where(link))
}

function revokedFlags(answer: unknown, links: readonly ChainLink[]): readonly boolean[] | undefined {
  if (answer instanceof Set) return links.map((link) => answer.has(link.cid.toString()))
  if (Array.isArray(answer) && answer.length === links.length && answer.every((flag) => typeof flag === 'boolean')) {
    return answer as boolean[]
  }
  return undefined
}
