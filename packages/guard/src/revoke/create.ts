import type { DID, Signer } from '@capchain/core/principal'
import { createInvocation } from '@capchain/core/token'
import type { Invocation } from '@capchain/core/token'
import type { CID } from 'multiformats/cid'
import { InvalidRevocationError } from '../errors.js'
import { REVOKE_COMMAND } from './command.js'

export interface RevocationInput {
  issuer: Signer
  /** The service that records it: its `aud`. */
  service: DID
  /** The witness: the chain from its root down to the delegation to revoke, which is last (delegations, or a SIWE root). */
  path: readonly { readonly cid: CID }[]
  /**
   * A chain granting `/ucan/revoke` to `issuer`, root first, when it revokes
   * on another principal's behalf. Absent: `issuer` revokes on its own behalf.
   */
  proofs?: readonly { readonly cid: CID }[]
  /** With `proofs`: the principal whose authority revokes, the subject of that chain (e.g. a wallet's did:pkh). Default: the issuer. */
  onBehalfOf?: DID
  expiration: number | null
  nonce?: Uint8Array
  /** Default: now. */
  issuedAt?: number
}

/**
 * Build and sign a `/ucan/revoke` invocation for the last delegation of `path`.
 *
 * @throws {InvalidRevocationError} an empty `path`
 * @throws {CapchainError} what `createInvocation` raises for invalid token input
 */
export async function createRevocation(input: RevocationInput): Promise<Invocation> {
  const proofs = input.proofs ?? []
  const revoke = input.path.at(-1)?.cid
  if (revoke === undefined) throw new InvalidRevocationError('the path must end with the delegation to revoke')
  return createInvocation({
    issuer: input.issuer,
    subject: input.onBehalfOf ?? input.issuer.did(),
    audience: input.service,
    command: REVOKE_COMMAND,
    args: { revoke, path: input.path.map((link) => link.cid) },
    proofs: proofs.map((link) => link.cid),
    expiration: input.expiration,
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    ...(input.issuedAt === undefined ? {} : { issuedAt: input.issuedAt }),
  })
}
