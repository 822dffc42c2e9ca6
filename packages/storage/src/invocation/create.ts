import type { DID, Signer } from '@capchain/core/principal'
import { createInvocation } from '@capchain/core/token'
import type { Delegation, Invocation, IPLDMap } from '@capchain/core/token'
import type { CID } from 'multiformats/cid'
import { InvalidStorageArgsError } from '../errors.js'
import { storageCommand } from '../profile/commands.js'
import type { StorageOp } from '../profile/commands.js'
import { checkStorageArgs } from '../profile/args.js'

export interface StorageInvocationInput {
  issuer: Signer
  /** The service that executes it: its `aud`. */
  service: DID
  op: StorageOp
  path: string
  /** Bytes moved; required for read and write, absent for list and delete. */
  size?: number
  /** The proof chain, root first (a grant's `chains[op]`); empty when the issuer is the subject. */
  chain: readonly Delegation[]
  /** A root in another format that stands before `chain` (a SIWE root's CID), listed first in `prf`. */
  root?: CID
  /** The subject, when `chain` does not name it (a SIWE root's did:pkh). Default: what `chain` names, else the issuer. */
  subject?: DID
  /** Unix seconds; storage invocations always expire (their replay record lasts until then). */
  expiration: number
  nonce?: Uint8Array
  issuedAt?: number
}

/**
 * Build and sign a storage invocation, checked against the profile first so
 * that a bad path fails here, not at the service.
 *
 * @throws {InvalidStoragePathError | InvalidStorageArgsError} a path or size the profile refuses
 * @throws {CapchainError} what `createInvocation` raises for invalid token input
 */
export async function createStorageInvocation(input: StorageInvocationInput): Promise<Invocation> {
  const args: IPLDMap = input.size === undefined ? { path: input.path } : { path: input.path, size: input.size }
  checkStorageArgs(args, input.op)
  if (!Number.isSafeInteger(input.expiration)) throw new InvalidStorageArgsError('a storage invocation needs an integer expiration')
  return createInvocation({
    issuer: input.issuer,
    subject: input.subject ?? input.chain[0]?.payload.sub ?? input.issuer.did(),
    audience: input.service,
    command: storageCommand(input.op),
    args,
    proofs: [...(input.root === undefined ? [] : [input.root]), ...input.chain.map((delegation) => delegation.cid)],
    expiration: input.expiration,
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    ...(input.issuedAt === undefined ? {} : { issuedAt: input.issuedAt }),
  })
}
