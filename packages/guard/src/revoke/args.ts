import type { IPLDMap } from '@capchain/core/token'
import { MAX_CHAIN_LENGTH } from '@capchain/verifier'
import { CID } from 'multiformats/cid'
import { InvalidRevocationError } from '../errors.js'

/** A revocation's `args`, checked. */
export interface RevocationArgs {
  /** The delegation revoked. */
  readonly revoke: CID
  /** The witness: a delegation chain from its root down to `revoke`, which the revoker is part of. */
  readonly path: readonly CID[]
}

/**
 * `{ revoke: &Delegation, path: [&Delegation] }` (ucan-wg/revocation,
 * "Arguments"). The draft makes `path` optional and lets executors require
 * it; we require it, since it is how the revoker shows that it is upstream.
 *
 * @throws {InvalidRevocationError} a missing, extra or mistyped field, a path longer than a chain may be or not ending at `revoke`
 */
export function checkRevocationArgs(args: IPLDMap, cid: string): RevocationArgs {
  const extra = Object.keys(args).find((key) => key !== 'revoke' && key !== 'path')
  if (extra !== undefined) throw new InvalidRevocationError(`args.${extra} is not a revocation argument`, { cid, at: `args.${extra}` })
  const revoke = CID.asCID(args.revoke)
  if (revoke === null) throw new InvalidRevocationError('args.revoke must be the CID of a delegation', { cid, at: 'args.revoke' })
  const path = args.path
  if (!Array.isArray(path) || path.length === 0) {
    throw new InvalidRevocationError('args.path must list the delegation chain from its root to the revoked delegation', { cid, at: 'args.path' })
  }
  if (path.length > MAX_CHAIN_LENGTH) {
    throw new InvalidRevocationError(`args.path has ${path.length} links; a chain has at most ${MAX_CHAIN_LENGTH}`, { cid, at: 'args.path' })
  }
  const links = path.map((link, i) => {
    const parsed = CID.asCID(link)
    if (parsed === null) throw new InvalidRevocationError(`args.path[${i}] is not a CID`, { cid, at: `args.path[${i}]` })
    return parsed
  })
  if (!links.at(-1)!.equals(revoke)) {
    throw new InvalidRevocationError('args.path must end with the revoked delegation', { cid, at: 'args.path' })
  }
  return { revoke, path: links }
}
