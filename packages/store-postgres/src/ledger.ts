import { DuplicateReservationError, ReusedReservationError, UnknownReservationError } from '@capchain/store'
import type { CapExhaustion, ReserveRequest, ReserveResult, Usage, UsageLedger } from '@capchain/store'
import { AMOUNT_BOUND, amountOf, checkAmount, checkKey, checkReserveRequest, refundOnCommit, windowOf } from '@capchain/store/validate'
import type { Database } from './database.js'
import { FUNCTIONS } from './migrations/functions.js'

/** The one row `capchain_reserve` returns (every path of the function returns exactly one). */
export type ReserveRow =
  | { outcome: 'ok' | 'duplicate' | 'reused' }
  | { outcome: 'exhausted'; cid: string; dimension: 'bytes' | 'uses' | 'amount'; name: string | null; cap_limit: string; used: string }

/** The one row `capchain_settle` returns. */
interface SettleRow {
  outcome: 'ok' | 'unknown' | 'over'
  reserved: string
}

interface UsageRow {
  cid: string
  bytes: string
  uses: string
  names: string[]
  amounts: string[]
}

/**
 * The ledger in PostgreSQL. `reserve`, `commit` and `refund` are each one
 * call of a function defined by the migrations (`capchain_reserve_v4`,
 * `capchain_settle_v4`, see `FUNCTIONS`): one statement, so one round trip and one transaction.
 * Isolation is by row locks: the reservation id's primary key, then the cap
 * rows `SELECT … FOR UPDATE` in cid order, checked and charged while held;
 * two requests through one cap are serialized on its row and no cap can be
 * overrun by a byte, whichever instance or connection they come from.
 *
 * Bigints come back as strings; every byte or use total is at most 2^53 − 1
 * (the caps bound it), so `Number` reads them exactly; named amounts are
 * NUMERIC, sent and read as decimal strings and kept as `bigint`.
 */
export class PostgresLedger implements UsageLedger {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    checkReserveRequest(request)
    const { rows } = await this.#db.query<ReserveRow>(
      `SELECT * FROM ${FUNCTIONS.reserve}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::numeric[], $11::numeric[])`,
      reserveParameters(request),
    )
    return reserveResult(request, rows[0] as ReserveRow)
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

  async usage(cids: readonly string[], window = 0): Promise<ReadonlyMap<string, Usage>> {
    checkAmount(window, 'window')
    const { rows } = await this.#db.query<UsageRow>(
      `SELECT w.cid, w.bytes, w.uses,
              coalesce(array_agg(a.name ORDER BY a.name) FILTER (WHERE a.name IS NOT NULL), '{}') AS names,
              coalesce(array_agg(a.amount::text ORDER BY a.name) FILTER (WHERE a.name IS NOT NULL), '{}') AS amounts
       FROM cap_windows w LEFT JOIN cap_amounts a ON a.cid = w.cid AND a.window_start = w.window_start
       WHERE w.cid = ANY ($1) AND w.window_start = $2
       GROUP BY w.cid, w.bytes, w.uses`,
      [cids, window],
    )
    const found = new Map(rows.map((row) => [row.cid, usageOf(row)]))
    return new Map(cids.map((cid) => [cid, found.get(cid) ?? { bytes: 0, uses: 0 }]))
  }

  /**
   * @throws {UnknownReservationError} not open
   * @throws {StoreInputError} `committed` above the reservation (nothing was written)
   * @throws {StoreUnavailableError | StoreClosedError}
   */
  async #settle(id: string, final: number | null, refundUses: boolean, committed: number | undefined): Promise<void> {
    const { rows } = await this.#db.query<SettleRow>(`SELECT * FROM ${FUNCTIONS.settle}($1, $2, $3)`, [id, final, refundUses])
    const row = rows[0] as SettleRow
    if (row.outcome === 'unknown') throw new UnknownReservationError(id)
    // The shared check names the refusal exactly as every other store does.
    if (row.outcome === 'over') refundOnCommit(Number(row.reserved), committed)
  }
}

/** `capchain_reserve`'s eleven parameters for `request`, in order (`capchain_admit` takes the same after its own). */
export function reserveParameters(request: ReserveRequest): unknown[] {
  const names = Object.keys(request.amounts ?? {})
  return [
    request.id,
    request.bytes,
    request.uses,
    request.at,
    request.caps.map((cap) => cap.cid),
    request.caps.map((cap) => windowOf(cap.limit, request.at)),
    // An absent dimension is bounded all the same, as `findExhaustion` does.
    request.caps.map((cap) => cap.limit.bytes ?? Number.MAX_SAFE_INTEGER),
    request.caps.map((cap) => cap.limit.uses ?? Number.MAX_SAFE_INTEGER),
    names,
    names.map((name) => String(amountOf(request.amounts, name))),
    request.caps.flatMap((cap) => names.map((name) => String(amountOf(cap.limit.amounts, name) ?? AMOUNT_BOUND - 1n))),
  ]
}

function usageOf(row: UsageRow): Usage {
  const counts = { bytes: Number(row.bytes), uses: Number(row.uses) }
  return row.names.length === 0 ? counts : { ...counts, amounts: Object.fromEntries(row.names.map((name, i) => [name, BigInt(row.amounts[i] ?? '')])) }
}

/**
 * What `capchain_reserve` answered, as `reserve` reports it.
 * @throws {DuplicateReservationError | ReusedReservationError}
 */
export function reserveResult(request: ReserveRequest, row: ReserveRow): ReserveResult {
  switch (row.outcome) {
    case 'ok':
      return { ok: true }
    case 'duplicate':
      throw new DuplicateReservationError(request.id)
    case 'reused':
      throw new ReusedReservationError(request.id)
    case 'exhausted':
      return { ok: false, exhausted: exhaustion(request, row) }
  }
}

/** The refusal `capchain_reserve` reported, in the shape every store reports it. */
function exhaustion(request: ReserveRequest, row: Extract<ReserveRow, { outcome: 'exhausted' }>): CapExhaustion {
  const cap = request.caps.find((charge) => charge.cid === row.cid)
  const window = cap?.limit.period === undefined ? {} : { resetsAt: windowOf(cap.limit, request.at) + cap.limit.period }
  if (row.dimension === 'amount') {
    const name = row.name ?? ''
    const requested = amountOf(request.amounts, name) ?? 0n
    return { cid: row.cid, dimension: 'amount', name, limit: BigInt(row.cap_limit), used: BigInt(row.used), requested, ...window }
  }
  const { cid, dimension } = row
  return { cid, dimension, limit: Number(row.cap_limit), used: Number(row.used), requested: request[dimension], ...window }
}
