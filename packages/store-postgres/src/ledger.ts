import { DuplicateReservationError, ReusedReservationError, UnknownReservationError } from '@capchain/store'
import type { ReserveRequest, ReserveResult, Usage, UsageLedger } from '@capchain/store'
import { checkAmount, checkKey, checkReserveRequest, refundOnCommit } from '@capchain/store/validate'
import type { Database } from './database.js'

/** The one row `capchain_reserve` returns (every path of the function returns exactly one). */
type ReserveRow =
  | { outcome: 'ok' | 'duplicate' | 'reused' }
  | { outcome: 'exhausted'; cid: string; dimension: 'bytes' | 'uses'; cap_limit: string; used: string }

/** The one row `capchain_settle` returns. */
interface SettleRow {
  outcome: 'ok' | 'unknown' | 'over'
  reserved: string
}

interface UsageRow {
  cid: string
  bytes: string
  uses: string
}

/**
 * The ledger in PostgreSQL. `reserve`, `commit` and `refund` are each one
 * call of a function defined by the migrations (`capchain_reserve`,
 * `capchain_settle`): one statement, so one round trip and one transaction.
 * Isolation is by row locks: the reservation id's primary key, then the cap
 * rows `SELECT … FOR UPDATE` in cid order, checked and charged while held;
 * two requests through one cap are serialized on its row and no cap can be
 * overrun by a byte, whichever instance or connection they come from.
 *
 * Bigints come back as strings; every total is at most 2^53 − 1 (the caps
 * bound it), so `Number` reads them exactly.
 */
export class PostgresLedger implements UsageLedger {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    checkReserveRequest(request)
    const { rows } = await this.#db.query<ReserveRow>('SELECT * FROM capchain_reserve($1, $2, $3, $4, $5, $6, $7)', [
      request.id,
      request.bytes,
      request.uses,
      request.at,
      request.caps.map((cap) => cap.cid),
      // An absent dimension is bounded at 2^53 − 1 all the same, as `findExhaustion` does.
      request.caps.map((cap) => cap.limit.bytes ?? Number.MAX_SAFE_INTEGER),
      request.caps.map((cap) => cap.limit.uses ?? Number.MAX_SAFE_INTEGER),
    ])
    const row = rows[0] as ReserveRow
    switch (row.outcome) {
      case 'ok':
        return { ok: true }
      case 'duplicate':
        throw new DuplicateReservationError(request.id)
      case 'reused':
        throw new ReusedReservationError(request.id)
      case 'exhausted': {
        const { cid, dimension } = row
        return { ok: false, exhausted: { cid, dimension, limit: Number(row.cap_limit), used: Number(row.used), requested: request[dimension] } }
      }
    }
  }

  async commit(id: string, bytes?: number): Promise<void> {
    checkKey(id, 'reservation id')
    if (bytes !== undefined) checkAmount(bytes, 'committed bytes')
    await this.#settle(id, bytes ?? null, false, bytes)
  }

  async refund(id: string): Promise<void> {
    checkKey(id, 'reservation id')
    await this.#settle(id, 0, true, undefined)
  }

  async usage(cids: readonly string[]): Promise<ReadonlyMap<string, Usage>> {
    const { rows } = await this.#db.query<UsageRow>('SELECT cid, bytes, uses FROM cap_usage WHERE cid = ANY ($1)', [cids])
    const found = new Map(rows.map((row) => [row.cid, { bytes: Number(row.bytes), uses: Number(row.uses) }]))
    return new Map(cids.map((cid) => [cid, found.get(cid) ?? { bytes: 0, uses: 0 }]))
  }

  /**
   * @throws {UnknownReservationError} not open
   * @throws {StoreInputError} `committed` above the reservation (nothing was written)
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  async #settle(id: string, final: number | null, refundUses: boolean, committed: number | undefined): Promise<void> {
    const { rows } = await this.#db.query<SettleRow>('SELECT * FROM capchain_settle($1, $2, $3)', [id, final, refundUses])
    const row = rows[0] as SettleRow
    if (row.outcome === 'unknown') throw new UnknownReservationError(id)
    // The shared check names the refusal exactly as every other store does.
    if (row.outcome === 'over') refundOnCommit(Number(row.reserved), committed)
  }
}
