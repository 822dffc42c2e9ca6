import { DuplicateReservationError, ReusedReservationError, UnknownReservationError } from '../errors.js'
import type { ReserveRequest, ReserveResult, Usage, UsageLedger } from '../interface.js'
import { checkKey, checkReserveRequest, findExhaustion, refundOnCommit } from '../validate.js'
import type { Lifetime } from './lifetime.js'

interface Reservation {
  readonly cids: readonly string[]
  readonly bytes: number
  readonly uses: number
}

const ZERO: Usage = { bytes: 0, uses: 0 }

/**
 * The ledger in a Map. Each method does its whole check-and-write without
 * awaiting, so on one event loop it is as atomic as a database transaction.
 */
export class MemoryLedger implements UsageLedger {
  readonly #usage = new Map<string, Usage>()
  readonly #reservations = new Map<string, Reservation>()
  // Ids of settled reservations, kept for the store's life: an id is never reserved twice.
  readonly #settled = new Set<string>()
  readonly #lifetime: Lifetime

  constructor(lifetime: Lifetime) {
    this.#lifetime = lifetime
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    this.#lifetime.check()
    checkReserveRequest(request)
    if (this.#reservations.has(request.id)) throw new DuplicateReservationError(request.id)
    if (this.#settled.has(request.id)) throw new ReusedReservationError(request.id)
    const exhausted = findExhaustion(request, (cid) => this.#usage.get(cid) ?? ZERO)
    if (exhausted !== undefined) return { ok: false, exhausted }
    const cids = request.caps.map((cap) => cap.cid)
    for (const cid of cids) this.#add(cid, request.bytes, request.uses)
    this.#reservations.set(request.id, { cids, bytes: request.bytes, uses: request.uses })
    return { ok: true }
  }

  async commit(id: string, bytes?: number): Promise<void> {
    this.#lifetime.check()
    const reservation = this.#open(id)
    const refund = refundOnCommit(reservation.bytes, bytes)
    for (const cid of reservation.cids) this.#add(cid, -refund, 0)
    this.#settle(id)
  }

  async refund(id: string): Promise<void> {
    this.#lifetime.check()
    const reservation = this.#open(id)
    for (const cid of reservation.cids) this.#add(cid, -reservation.bytes, -reservation.uses)
    this.#settle(id)
  }

  async usage(cids: readonly string[]): Promise<ReadonlyMap<string, Usage>> {
    this.#lifetime.check()
    return new Map(cids.map((cid) => [cid, this.#usage.get(cid) ?? ZERO]))
  }

  #open(id: string): Reservation {
    checkKey(id, 'reservation id')
    const reservation = this.#reservations.get(id)
    if (reservation === undefined) throw new UnknownReservationError(id)
    return reservation
  }

  #settle(id: string): void {
    this.#reservations.delete(id)
    this.#settled.add(id)
  }

  #add(cid: string, bytes: number, uses: number): void {
    const current = this.#usage.get(cid) ?? ZERO
    this.#usage.set(cid, { bytes: current.bytes + bytes, uses: current.uses + uses })
  }
}
