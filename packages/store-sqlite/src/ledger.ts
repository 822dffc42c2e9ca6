import type { Statement } from 'better-sqlite3'
import { DuplicateReservationError, ReusedReservationError, UnknownReservationError } from '@capchain/store'
import type { ReserveRequest, ReserveResult, Usage, UsageLedger } from '@capchain/store'
import { checkKey, checkReserveRequest, findExhaustion, refundOnCommit } from '@capchain/store/validate'
import type { Connection } from './connection.js'

interface ReservationRow {
  bytes: number
  uses: number
  created_at: number
}

interface UsageRow extends Usage {
  cid: string
}

/**
 * The ledger in SQLite. `reserve` reads every cap and writes every charge
 * as one unit of a group-committed IMMEDIATE transaction, so concurrent
 * requests, from this process or another one on the same file, are
 * serialized (on the queue, then on the database write lock) and no cap can
 * be overrun by a byte.
 */
export class SqliteLedger implements UsageLedger {
  readonly #connection: Connection
  readonly #select: Statement<[string], Usage>
  readonly #charge: Statement<[string, number, number]>
  readonly #selectReservation: Statement<[string], ReservationRow>
  readonly #insertReservation: Statement<[string, number, number, number]>
  readonly #insertReservationCap: Statement<[string, string]>
  readonly #giveBack: Statement<[number, number, string]>
  readonly #deleteReservation: Statement<[string]>
  readonly #selectSettled: Statement<[string], { id: string }>
  readonly #insertSettled: Statement<[string, number]>
  readonly #usage: Statement<[string], UsageRow>

  constructor(connection: Connection) {
    this.#connection = connection
    const { db } = connection
    this.#select = db.prepare('SELECT bytes, uses FROM cap_usage WHERE cid = ?')
    this.#charge = db.prepare(
      `INSERT INTO cap_usage (cid, bytes, uses) VALUES (?, ?, ?)
       ON CONFLICT (cid) DO UPDATE SET bytes = bytes + excluded.bytes, uses = uses + excluded.uses`,
    )
    this.#selectReservation = db.prepare('SELECT bytes, uses, created_at FROM reservations WHERE id = ?')
    this.#insertReservation = db.prepare('INSERT INTO reservations (id, bytes, uses, created_at) VALUES (?, ?, ?, ?)')
    this.#insertReservationCap = db.prepare('INSERT INTO reservation_caps (reservation, cid) VALUES (?, ?)')
    this.#giveBack = db.prepare(
      `UPDATE cap_usage SET bytes = bytes - ?, uses = uses - ?
       WHERE cid IN (SELECT cid FROM reservation_caps WHERE reservation = ?)`,
    )
    this.#deleteReservation = db.prepare('DELETE FROM reservations WHERE id = ?')
    this.#selectSettled = db.prepare('SELECT id FROM settled_reservations WHERE id = ?')
    this.#insertSettled = db.prepare('INSERT INTO settled_reservations (id, reserved_at) VALUES (?, ?)')
    this.#usage = db.prepare('SELECT cid, bytes, uses FROM cap_usage WHERE cid IN (SELECT value FROM json_each(?))')
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    checkReserveRequest(request)
    return this.#connection.write(() => {
      if (this.#selectReservation.get(request.id) !== undefined) throw new DuplicateReservationError(request.id)
      if (this.#selectSettled.get(request.id) !== undefined) throw new ReusedReservationError(request.id)
      // Every check happens before the first write: a refused request leaves no row behind.
      const exhausted = findExhaustion(request, (cid) => this.#select.get(cid) ?? { bytes: 0, uses: 0 })
      if (exhausted !== undefined) return { ok: false, exhausted }
      this.#insertReservation.run(request.id, request.bytes, request.uses, request.at)
      for (const { cid } of request.caps) {
        this.#charge.run(cid, request.bytes, request.uses)
        this.#insertReservationCap.run(request.id, cid)
      }
      return { ok: true }
    })
  }

  async commit(id: string, bytes?: number): Promise<void> {
    checkKey(id, 'reservation id')
    return this.#connection.write(() => {
      const reservation = this.#open(id)
      this.#giveBack.run(refundOnCommit(reservation.bytes, bytes), 0, id)
      this.#settle(id, reservation)
    })
  }

  async refund(id: string): Promise<void> {
    checkKey(id, 'reservation id')
    return this.#connection.write(() => {
      const reservation = this.#open(id)
      this.#giveBack.run(reservation.bytes, reservation.uses, id)
      this.#settle(id, reservation)
    })
  }

  async usage(cids: readonly string[]): Promise<ReadonlyMap<string, Usage>> {
    const rows = this.#connection.read(() => this.#usage.all(JSON.stringify(cids)))
    const found = new Map(rows.map((row) => [row.cid, { bytes: row.bytes, uses: row.uses }]))
    return new Map(cids.map((cid) => [cid, found.get(cid) ?? { bytes: 0, uses: 0 }]))
  }

  /** Close the reservation and keep its id, in the caller's transaction: an id is never reserved twice. */
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
