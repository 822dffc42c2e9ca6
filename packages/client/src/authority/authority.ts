import type { DID } from '@capchain/core/principal'
import type { Delegation } from '@capchain/core/token'
import type { StorageOp } from '@capchain/storage'
import type { CID } from 'multiformats/cid'

/** A SIWE root as the client keeps it: the CACAO and its CID. */
export interface RootBlock {
  readonly cid: CID
  readonly bytes: Uint8Array
}

/**
 * Something this client can act with: its own wallet session (a SIWE root
 * to its key), or a delegation string another agent gave it. Invocations
 * list `root` (if any) then `chains[op]` in `prf`, and carry all of them as proofs.
 */
export interface Authority {
  /** The session root's CID, or the imported delegation's. */
  readonly id: string
  readonly kind: 'session' | 'delegation'
  /** Whose files: the wallet's did:pkh. */
  readonly subject: DID
  readonly root: RootBlock | undefined
  /** For each operation the chain covers, the UCAN delegations after the root, root first (empty under the session itself). */
  readonly chains: Readonly<Partial<Record<StorageOp, readonly Delegation[]>>>
  /** Unix seconds: the earliest expiry along the chains; `null` for never. */
  readonly expiration: number | null
  readonly revoked: boolean
}

/** The chain to invoke `op` with: the one that covers it, else any (so the service, not the client, explains the denial). */
export function chainFor(authority: Authority, op: StorageOp): readonly Delegation[] {
  return authority.chains[op] ?? Object.values(authority.chains)[0] ?? []
}

/** Every token an invocation through `chain` carries as proof. */
export function proofTokens(authority: Authority, chain: readonly Delegation[]): Uint8Array[] {
  return [...(authority.root === undefined ? [] : [authority.root.bytes]), ...chain.map((delegation) => delegation.bytes)]
}
