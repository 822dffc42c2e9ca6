import type { RevocationRecord, RevocationStore } from '@capchain/store'
import { checkRecord } from '@capchain/store/validate'
import type { Database } from './database.js'

interface RevocationRow {
  cid: string
  revoker: string
  at: string
  invocation: string
}

/** Revocations in PostgreSQL: insert-only, first record per (CID, revoker) kept; a chain's lookup is one statement. */
export class PostgresRevocations implements RevocationStore {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  async add(record: RevocationRecord): Promise<boolean> {
    checkRecord(record)
    const result = await this.#db.query(
      'INSERT INTO revocations (cid, revoker, revoked_at, invocation) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [record.cid, record.revoker, record.at, record.invocation],
    )
    return result.rowCount === 1
  }

  async lookup(cids: readonly string[]): Promise<readonly RevocationRecord[]> {
    const { rows } = await this.#db.query<RevocationRow>(
      'SELECT cid, revoker, revoked_at AS at, invocation FROM revocations WHERE cid = ANY ($1)',
      [cids],
    )
    return rows.map((row) => ({ ...row, at: Number(row.at) }))
  }
}
