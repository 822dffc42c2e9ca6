/**
 * Revocation: one call of the `isRevoked` hook per chain, with the CID of
 * every token in it (root first, invocation last), after every stateless
 * check passed. Never cached: revocation is irreversible but it is learned
 * over time. A hook that throws, or answers in a shape we cannot read,
 * denies the chain (fail closed).
 */
import { RevocationCheckFailedError, RevokedError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { CID } from 'multiformats/cid'
import type { ChainLink, RevocationCheck } from '../interface.js'
import { where } from './link.js'

export async function checkRevocation(isRevoked: RevocationCheck, links: readonly ChainLink[]): Promise<VerificationError | undefined> {
  // Each CID asked about, with the link it belongs to: a foreign root may be
  // revoked under further CIDs (e.g. its canonical encoding), asked after the chain's.
  const owners = [...links, ...links.flatMap((link) => (link.root?.revocationCids ?? []).map(() => link))]
  const cids = [...links.map((link) => link.cid), ...links.flatMap((link) => link.root?.revocationCids ?? [])]
  let answer: ReadonlySet<string> | readonly boolean[]
  try {
    answer = await isRevoked(cids, { links: owners })
  } catch (cause) {
    return new RevocationCheckFailedError(cause instanceof Error ? cause.message : String(cause), cause)
  }
  const flags = revokedFlags(answer, cids)
  if (flags === undefined) {
    return new RevocationCheckFailedError(`the hook must answer a Set of CID strings or ${cids.length} booleans`)
  }
  const link = owners[flags.indexOf(true)]
  return link === undefined ? undefined : new RevokedError(where(link))
}

function revokedFlags(answer: unknown, cids: readonly CID[]): readonly boolean[] | undefined {
  if (answer instanceof Set) return cids.map((cid) => answer.has(cid.toString()))
  if (Array.isArray(answer) && answer.length === cids.length && answer.every((flag) => typeof flag === 'boolean')) {
    return answer as boolean[]
  }
  return undefined
}
