import type { Statement } from 'better-sqlite3'
import type { RevocationRecord, RevocationStore } from '@capchain/store'
import { checkRecord } from '@capchain/store/validate'
import type { Connection } from './connection.js'

/**
 * Longest list of CIDs looked up by a statement prepared for its length (a
 * chain holds at most the verifier's `maxChainLength` links, 16 by default,
 * and the invocation); a longer one goes through `json_each`.
 */
const MOST_PREPARED = 32

const COLUMNS = 'r.cid, r.revoker, r.revoked_at AS at, r.invocation'

/** Revocations in SQLite: insert-only, first record per (CID, revoker) kept; `add` is group-committed. */
export class SqliteRevocations implements RevocationStore {
  readonly #connection: Connection
  readonly #insert: Statement<[string, string, number, string]>
  readonly #lookupJson: Statement<[string], RevocationRecord>
  // Index n: the lookup of n CIDs, prepared on first use.
  readonly #lookupOf: Statement<string[], RevocationRecord>[] = []

  constructor(connection: Connection) {
    this.#connection = connection
    this.#insert = connection.db.prepare(
      'INSERT INTO revocations (cid, revoker, revoked_at, invocation) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    )
    this.#lookupJson = connection.db.prepare(`SELECT ${COLUMNS} FROM revocations AS r WHERE r.cid IN (SELECT value FROM json_each(?))`)
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
    // Each CID once, so that each record is found once.
    const unique = new Set(cids)
    const list = unique.size === cids.length ? cids : [...unique]
    if (list.length === 0) return []
    if (list.length > MOST_PREPARED) return this.#lookupJson.all(JSON.stringify(list))
    return this.#statementFor(list.length).all(...list)
  }

  /**
   * The lookup of `count` CIDs, one primary-key search each: a join on a
   * VALUES list is cheaper than `IN (…)` or `json_each`, which first build a
   * temporary index of the list. CROSS JOIN keeps the list the outer loop.
   */
  #statementFor(count: number): Statement<string[], RevocationRecord> {
    let statement = this.#lookupOf[count]
    if (statement === undefined) {
      const values = Array.from({ length: count }, () => '(?)').join(', ')
      statement = this.#connection.db.prepare(`SELECT ${COLUMNS} FROM (VALUES ${values}) AS v CROSS JOIN revocations AS r ON r.cid = v.column1`)
      this.#lookupOf[count] = statement
    }
    return statement
  }
}
