import type { DID, Signer } from '@capchain/core/principal'
import type { StorageOp } from '@capchain/storage'

/**
 * Where a client keeps its key and what it signed or received, between
 * runs. Tokens are kept as UCAN container strings, the form they travel
 * in; a container has no order, so a witness path's order is kept as CIDs.
 */
export interface ClientStore {
  /** The client's key: loaded, or created and saved on first use. @throws {KeyStoreError} */
  key(): Promise<Signer>
  /** The records saved last, or `undefined` before the first save. @throws {KeyStoreError} */
  load(): Promise<ClientRecords | undefined>
  /** @throws {KeyStoreError} */
  save(records: ClientRecords): Promise<void>
}

export interface ClientRecords {
  readonly version: 1
  readonly sessions: readonly SessionRecord[]
  readonly issued: readonly IssuedRecord[]
  readonly imported: readonly ImportedRecord[]
}

/** A wallet sign-in: the SIWE root (a CACAO) delegating to this client's key. */
export interface SessionRecord {
  /** The CACAO's CID: what revokes the session. */
  readonly cid: string
  /** The wallet's did:pkh. */
  readonly subject: DID
  /** The SIWE domain it was signed for. */
  readonly domain: string
  /** Unix seconds: the SIWE `Expiration Time`. */
  readonly expiration: number
  /** A container holding the CACAO. */
  readonly container: string
  readonly revoked: boolean
}

/** A grant this client issued (`delegate`). */
export interface IssuedRecord {
  /** The grant's head: the delegation that carries its constraints, the one to revoke. */
  readonly cid: string
  readonly audience: DID
  readonly subject: DID
  readonly paths: readonly string[]
  readonly ops: readonly StorageOp[]
  readonly maxBytes?: number
  readonly maxUses?: number
  readonly maxSize?: number
  /** Unix seconds. */
  readonly expiration: number
  readonly issuedAt: number
  /** What the audience needs: the proof chain and every delegation of the grant (`exportDelegation`). */
  readonly container: string
  /** CIDs from the chain's root down to the head, root first: the witness a revocation names. */
  readonly witness: readonly string[]
  readonly revoked: boolean
}

/** A delegation string another agent gave this client (`importDelegation`). */
export interface ImportedRecord {
  /** CID of the delegation nearest to this client among those its chains share (the grant's head for storage grants). */
  readonly cid: string
  readonly subject: DID
  readonly issuer: DID
  readonly container: string
  readonly importedAt: number
}

export const EMPTY_RECORDS: ClientRecords = Object.freeze({ version: 1, sessions: [], issued: [], imported: [] })
