import type { Statement } from 'better-sqlite3'
import type { ReplayStore } from '@capchain/store'
import { DEFAULT_REPLAY_MARGIN } from '@capchain/store'
import { checkAmount, checkClaim } from '@capchain/store/validate'
import type { Connection } from './connection.js'

/** Replay records in SQLite; `claim` is one conditional upsert, atomic on its own, group-committed. */
export class SqliteReplay implements ReplayStore {
  readonly #connection: Connection
  readonly #claim: Statement<[{ cid: string; expiresAt: number; now: number; margin: number }]>
  readonly #sweep: Statement<[{ now: number; margin: number }]>

  constructor(connection: Connection) {
    this.#connection = connection
    // A row still inside its window plus the margin makes the upsert a no-op
    // (0 changes); one a sweep could delete but has not yet is taken over.
    this.#claim = connection.db.prepare(
      `INSERT INTO replay (cid, expires_at) VALUES (@cid, @expiresAt)
       ON CONFLICT (cid) DO UPDATE SET expires_at = excluded.expires_at WHERE replay.expires_at + @margin < @now`,
    )
    this.#sweep = connection.db.prepare('DELETE FROM replay WHERE expires_at + @margin < @now')
  }

  async claim(cid: string, expiresAt: number, now: number): Promise<boolean> {
    checkClaim(cid, expiresAt, now)
    return this.#connection.write(() => this.claimIn(cid, expiresAt, now))
  }

  /** `claim`'s upsert in the caller's transaction (a write unit), for checked arguments. */
  claimIn(cid: string, expiresAt: number, now: number): boolean {
    return this.#claim.run({ cid, expiresAt, now, margin: DEFAULT_REPLAY_MARGIN }).changes === 1
  }

  async sweep(now: number, margin: number = DEFAULT_REPLAY_MARGIN): Promise<number> {
    checkAmount(now, 'now')
    checkAmount(margin, 'margin')
    return this.#connection.write(() => this.#sweep.run({ now, margin }).changes)
  }
}
