import type { Statement } from 'better-sqlite3'
import type { RevocationRecord, RevocationStore } from '@capchain/store'
import { checkRecord } from '@capchain/store/validate'
import type { Connection } from './connection.js'

/** Revocations in SQLite: insert-only, first record per (CID, revoker) kept; `add` is group-committed. */
export class SqliteRevocations implements RevocationStore {
  readonly #connection: Connection
  readonly #insert: Statement<[string, string, number, string]>
  readonly #lookup: Statement<[string], RevocationRecord>

  constructor(connection: Connection) {
    this.#connection = connection
    this.#insert = connection.db.prepare(
      'INSERT INTO revocations (cid, revoker, revoked_at, invocation) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    )
    this.#lookup = connection.db.prepare(
      `SELECT cid, revoker, revoked_at AS at, invocation FROM revocations
       WHERE cid IN (SELECT value FROM json_each(?))`,
    )
  }

  async add(record: RevocationRecord): Promise<boolean> {
    checkRecord(record)
    return this.#connection.write(() => this.#insert.run(record.cid, record.revoker, record.at, record.invocation).changes === 1)
  }

  async lookup(cids: readonly string[]): Promise<readonly RevocationRecord[]> {
    return this.#connection.read(() => this.lookupIn(cids))
  }

  /** `lookup` in the caller's transaction (a write unit reads what is committed and what its batch wrote before it). */
  lookupIn(cids: readonly string[]): readonly RevocationRecord[] {
    return this.#lookup.all(JSON.stringify(cids))
  }
}
