import type { ReplayStore } from '@capchain/store'
import { DEFAULT_REPLAY_MARGIN } from '@capchain/store'
import { checkAmount, checkClaim } from '@capchain/store/validate'
import type { Database } from './database.js'

/**
 * Replay records in PostgreSQL. `claim` is one conditional upsert: of
 * several connections claiming one CID at once, the primary key lets one
 * insert and the others find its row (and its window) and change nothing;
 * a row a sweep could delete is taken over, under its row lock, by one.
 */
export class PostgresReplay implements ReplayStore {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  async claim(cid: string, expiresAt: number, now: number): Promise<boolean> {
    checkClaim(cid, expiresAt, now)
    const result = await this.#db.query(
      `INSERT INTO replay (cid, expires_at) VALUES ($1, $2)
       ON CONFLICT (cid) DO UPDATE SET expires_at = excluded.expires_at WHERE replay.expires_at + $3 < $4`,
      [cid, expiresAt, DEFAULT_REPLAY_MARGIN, now],
    )
    return result.rowCount === 1
  }

  async sweep(now: number, margin: number = DEFAULT_REPLAY_MARGIN): Promise<number> {
    checkAmount(now, 'now')
    checkAmount(margin, 'margin')
    const result = await this.#db.query('DELETE FROM replay WHERE expires_at + $1 < $2', [margin, now])
    return result.rowCount ?? 0
  }
}
