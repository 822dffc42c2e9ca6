import type { Statement } from 'better-sqlite3'
import { DuplicateReservationError, ReusedReservationError, UnknownReservationError } from '@capchain/store'
import type { Amounts, ReserveRequest, ReserveResult, Usage, UsageLedger } from '@capchain/store'
import { checkAmount, checkKey, checkReserveRequest, findExhaustion, refundOnCommit, windowOf } from '@capchain/store/validate'
import type { Connection } from './connection.js'

interface ReservationRow {
  bytes: number
  uses: number
  created_at: number
}

interface CountRow {
  cid: string
  bytes: number
  uses: number
}

interface AmountRow {
  cid: string
  name: string
  amount: string
}

interface WindowRow {
  cid: string
  window_start: number
}

/**
 * The ledger in SQLite. `reserve` reads every cap's window and writes every
 * charge as one unit of a group-committed IMMEDIATE transaction, so
 * concurrent requests, from this process or another one on the same file,
 * are serialized (on the queue, then on the database write lock) and no cap
 * can be overrun by a byte or a wei. Named amounts are canonical decimal
 * TEXT, summed as bigints inside that transaction: an INTEGER column stops at 2^63.
 */
export class SqliteLedger implements UsageLedger {
  readonly #connection: Connection
  readonly #selectCounts: Statement<[string, number], Omit<CountRow, 'cid'>>
  readonly #selectAmounts: Statement<[string, number], Omit<AmountRow, 'cid'>>
  readonly #charge: Statement<[string, number, number, number]>
  readonly #giveBack: Statement<[number, number, string, number]>
  readonly #setAmount: Statement<[string, number, string, string]>
  readonly #deleteAmount: Statement<[string, number, string]>
  readonly #selectReservation: Statement<[string], ReservationRow>
  readonly #selectReservationWindows: Statement<[string], WindowRow>
  readonly #selectReservationAmounts: Statement<[string], Omit<AmountRow, 'cid'>>
  readonly #insertReservation: Statement<[string, number, number, number]>
  readonly #insertReservationWindow: Statement<[string, string, number]>
  readonly #insertReservationAmount: Statement<[string, string, string]>
  readonly #deleteReservation: Statement<[string]>
  readonly #selectSettled: Statement<[string], { id: string }>
  readonly #insertSettled: Statement<[string, number]>
  readonly #usageCounts: Statement<[string, number], CountRow>
  readonly #usageAmounts: Statement<[string, number], AmountRow>

  constructor(connection: Connection) {
    this.#connection = connection
    const { db } = connection
    this.#selectCounts = db.prepare('SELECT bytes, uses FROM cap_windows WHERE cid = ? AND window_start = ?')
    this.#selectAmounts = db.prepare('SELECT name, amount FROM cap_amounts WHERE cid = ? AND window_start = ?')
    this.#charge = db.prepare(
      `INSERT INTO cap_windows (cid, window_start, bytes, uses) VALUES (?, ?, ?, ?)
       ON CONFLICT (cid, window_start) DO UPDATE SET bytes = bytes + excluded.bytes, uses = uses + excluded.uses`,
    )
    this.#giveBack = db.prepare('UPDATE cap_windows SET bytes = bytes + ?, uses = uses + ? WHERE cid = ? AND window_start = ?')
    this.#setAmount = db.prepare(
      `INSERT INTO cap_amounts (cid, window_start, name, amount) VALUES (?, ?, ?, ?)
       ON CONFLICT (cid, window_start, name) DO UPDATE SET amount = excluded.amount`,
    )
    this.#deleteAmount = db.prepare('DELETE FROM cap_amounts WHERE cid = ? AND window_start = ? AND name = ?')
    this.#selectReservation = db.prepare('SELECT bytes, uses, created_at FROM reservations WHERE id = ?')
    this.#selectReservationWindows = db.prepare('SELECT cid, window_start FROM reservation_windows WHERE reservation = ?')
    this.#selectReservationAmounts = db.prepare('SELECT name, amount FROM reservation_amounts WHERE reservation = ?')
    this.#insertReservation = db.prepare('INSERT INTO reservations (id, bytes, uses, created_at) VALUES (?, ?, ?, ?)')
    this.#insertReservationWindow = db.prepare('INSERT INTO reservation_windows (reservation, cid, window_start) VALUES (?, ?, ?)')
    this.#insertReservationAmount = db.prepare('INSERT INTO reservation_amounts (reservation, name, amount) VALUES (?, ?, ?)')
    this.#deleteReservation = db.prepare('DELETE FROM reservations WHERE id = ?')
    this.#selectSettled = db.prepare('SELECT id FROM settled_reservations WHERE id = ?')
    this.#insertSettled = db.prepare('INSERT INTO settled_reservations (id, reserved_at) VALUES (?, ?)')
    this.#usageCounts = db.prepare(
      'SELECT cid, bytes, uses FROM cap_windows WHERE cid IN (SELECT value FROM json_each(?)) AND window_start = ?',
    )
    this.#usageAmounts = db.prepare(
      'SELECT cid, name, amount FROM cap_amounts WHERE cid IN (SELECT value FROM json_each(?)) AND window_start = ?',
    )
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    checkReserveRequest(request)
    return this.#connection.write(() => this.reserveIn(request))
  }

  /**
   * `reserve`'s check-and-write in the caller's transaction (a write unit),
   * for a request already checked; a refusal writes nothing.
   * @throws {DuplicateReservationError | ReusedReservationError}
   */
  reserveIn(request: ReserveRequest): ReserveResult {
    if (this.#selectReservation.get(request.id) !== undefined) throw new DuplicateReservationError(request.id)
    if (this.#selectSettled.get(request.id) !== undefined) throw new ReusedReservationError(request.id)
    // Every check happens before the first write: a refused request leaves no row behind.
    // Usage's amounts matter only for the amounts requested: without any, they are not read.
    const amountsAsked = request.amounts !== undefined && Object.keys(request.amounts).length > 0
    const exhausted = findExhaustion(request, (cid, window) => this.#read(cid, window, amountsAsked))
    if (exhausted !== undefined) return { ok: false, exhausted }
    this.#insertReservation.run(request.id, request.bytes, request.uses, request.at)
    for (const [name, amount] of Object.entries(request.amounts ?? {})) this.#insertReservationAmount.run(request.id, name, amount.toString())
    for (const { cid, limit } of request.caps) {
      const window = windowOf(limit, request.at)
      this.#add(cid, window, request.bytes, request.uses, request.amounts, 1n)
      this.#insertReservationWindow.run(request.id, cid, window)
    }
    return { ok: true }
  }

  async commit(id: string, bytes?: number): Promise<void> {
    checkKey(id, 'reservation id')
    return this.#connection.write(() => {
      const reservation = this.#open(id)
      const refund = refundOnCommit(reservation.bytes, bytes)
      for (const { cid, window_start } of this.#selectReservationWindows.all(id)) this.#add(cid, window_start, -refund, 0, undefined, 1n)
      this.#settle(id, reservation)
    })
  }

  async refund(id: string): Promise<void> {
    checkKey(id, 'reservation id')
    return this.#connection.write(() => {
      const reservation = this.#open(id)
      const amounts = Object.fromEntries(this.#selectReservationAmounts.all(id).map((row) => [row.name, BigInt(row.amount)]))
      for (const { cid, window_start } of this.#selectReservationWindows.all(id)) {
        this.#add(cid, window_start, -reservation.bytes, -reservation.uses, amounts, -1n)
      }
      this.#settle(id, reservation)
    })
  }

  async usage(cids: readonly string[], window = 0): Promise<ReadonlyMap<string, Usage>> {
    checkAmount(window, 'window')
    const list = JSON.stringify(cids)
    const [counts, amounts] = this.#connection.read(() => [this.#usageCounts.all(list, window), this.#usageAmounts.all(list, window)] as const)
    return new Map(
      cids.map((cid) => {
        const row = counts.find((count) => count.cid === cid)
        const named = amounts.filter((amount) => amount.cid === cid)
        return [cid, withAmounts(row === undefined ? { bytes: 0, uses: 0 } : { bytes: row.bytes, uses: row.uses }, named)]
      }),
    )
  }

  /** One cap's usage in one window (its amounts only if `amounts`), in the caller's transaction. */
  #read(cid: string, window: number, amounts: boolean): Usage {
    const counts = this.#selectCounts.get(cid, window) ?? { bytes: 0, uses: 0 }
    return amounts ? withAmounts(counts, this.#selectAmounts.all(cid, window)) : counts
  }

  /** Add to one cap's window (`sign` −1n gives `amounts` back), in the caller's transaction; a zero amount's row is deleted. */
  #add(cid: string, window: number, bytes: number, uses: number, amounts: Amounts | undefined, sign: 1n | -1n): void {
    // What is given back was charged, so its row exists; the upsert would check the negative VALUES row and fail.
    if (bytes < 0 || uses < 0) this.#giveBack.run(bytes, uses, cid, window)
    else this.#charge.run(cid, window, bytes, uses)
    if (amounts === undefined) return
    const current = new Map(this.#selectAmounts.all(cid, window).map((row) => [row.name, BigInt(row.amount)]))
    for (const [name, amount] of Object.entries(amounts)) {
      const total = (current.get(name) ?? 0n) + sign * amount
      if (total === 0n) this.#deleteAmount.run(cid, window, name)
      else this.#setAmount.run(cid, window, name, total.toString())
    }
  }

  /** Close the reservation and keep its id (until a sweep), in the caller's transaction: an id is not reserved twice. */
  #settle(id: string, reservation: ReservationRow): void {
    this.#deleteReservation.run(id)
    this.#insertSettled.run(id, reservation.created_at)
  }

  #open(id: string): ReservationRow {
    const reservation = this.#selectReservation.get(id)
    if (reservation === undefined) throw new UnknownReservationError(id)
    return reservation
  }
}

function withAmounts(usage: Usage, rows: readonly Omit<AmountRow, 'cid'>[]): Usage {
  return rows.length === 0 ? usage : { ...usage, amounts: Object.fromEntries(rows.map((row) => [row.name, BigInt(row.amount)])) }
}
