import { CapchainError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import { decodeDelegation } from '@capchain/core/token'
import type { ChainVerifier } from '@capchain/verifier'
import type { CID } from 'multiformats/cid'
import { InvalidRevocationError, RevokerNotUpstreamError } from '../errors.js'
import type { RevocationArgs } from './args.js'

/**
 * Check the witness path of a revocation: a chain that verifies, ends with
 * the revoked delegation, and has a link issued by `revoker`, who is then
 * upstream of it. The path is checked as of its latest `nbf`, so that a
 * delegation not valid yet can already be revoked (the draft recommends
 * accepting revocations early); an expired path stays expired. The path
 * may be a SIWE root alone (a session revoked by its own CID): the
 * verifier checks it for itself, whatever commands it grants.
 *
 * @returns the identity of the revoked link (`ChainLink.identity`), which the
 *   revocation is recorded under (the same for every encoding of it), and
 *   the path's subject
 * @throws {InvalidRevocationError} a path token not supplied, or a chain that does not end with the revoked delegation
 * @throws {RevokerNotUpstreamError} `revoker` issued none of the path's links
 * @throws {VerificationError} the path does not verify
 */
export async function checkWitness(
  verifier: ChainVerifier,
  revocation: RevocationArgs,
  tokens: ReadonlyMap<string, Uint8Array>,
  revoker: DID,
  context: { readonly now: number; readonly clockSkew: number; readonly cid: string },
): Promise<{ readonly identity: CID; readonly subject: DID }> {
  const witness = revocation.path.map((cid, i) => {
    const entry = tokens.get(cid.toString())
    if (entry === undefined) {
      throw new InvalidRevocationError(`args.path[${i}] (${cid}) was not supplied`, { cid: context.cid, at: `args.path[${i}]` })
    }
    return entry
  })
  const notBefore = Math.max(0, ...witness.map(notBeforeOf))
  const path = await verifier.verifyDelegation(witness, { now: Math.max(context.now, notBefore), clockSkew: context.clockSkew })
  if (!path.ok) throw path.error
  if (!path.value.chain.at(-1)!.equals(revocation.revoke)) {
    throw new InvalidRevocationError('args.path must be a chain that ends with the revoked delegation', { cid: context.cid, at: 'args.path' })
  }
  if (!path.value.delegations.some((delegation) => delegation.payload.iss === revoker)) {
    throw new RevokerNotUpstreamError(revoker, { cid: revocation.revoke.toString(), at: 'args.path' })
  }
  return { identity: path.links.at(-1)!.identity, subject: path.value.subject }
}

/** A path token's `nbf`, 0 when it has none or is not a UCAN delegation (a SIWE root: its own bounds are checked by its format). */
function notBeforeOf(bytes: Uint8Array): number {
  try {
    return decodeDelegation(bytes).payload.nbf ?? 0
  } catch (error) {
    if (error instanceof CapchainError) return 0
    throw error
  }
}
