/**
 * Revocation: one call of the `isRevoked` hook per chain, with the identity
 * of every token in it (root first, invocation last), after every stateless
 * check passed. Identities, not the CIDs of the bytes received: a revocation
 * holds for every encoding of the revoked statement (a re-encoded CACAO root
 * included). Never cached: revocation is irreversible but it is learned
 * over time. A hook that throws, or answers in a shape we cannot read,
 * denies the chain (fail closed).
 */
import { RevocationCheckFailedError, RevokedError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { CID } from 'multiformats/cid'
import type { ChainLink, RevocationCheck } from '../interface.js'
import { where } from './link.js'

export async function checkRevocation(isRevoked: RevocationCheck, links: readonly ChainLink[]): Promise<VerificationError | undefined> {
  const identities = links.map((link) => link.identity)
  let answer: ReadonlySet<string> | readonly boolean[]
  try {
    answer = await isRevoked(identities, { links })
  } catch (cause) {
    return new RevocationCheckFailedError(cause instanceof Error ? cause.message : String(cause), cause)
  }
  const flags = revokedFlags(answer, identities)
  if (flags === undefined) {
    return new RevocationCheckFailedError(`the hook must answer a Set of CID strings or ${identities.length} booleans`)
  }
  const link = links[flags.indexOf(true)]
  return link === undefined ? undefined : new RevokedError(where(link))
}

function revokedFlags(answer: unknown, cids: readonly CID[]): readonly boolean[] | undefined {
  if (answer instanceof Set) return cids.map((cid) => answer.has(cid.toString()))
  if (Array.isArray(answer) && answer.length === cids.length && answer.every((flag) => typeof flag === 'boolean')) {
    return answer as boolean[]
  }
  return undefined
}
