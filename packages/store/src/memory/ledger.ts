import { DuplicateReservationError, ReusedReservationError, UnknownReservationError } from '../errors.js'
import type { Amounts, ReserveRequest, ReserveResult, Usage, UsageLedger } from '../interface.js'
import { addUsage, checkAmount, checkKey, checkReserveRequest, findExhaustion, refundOnCommit, windowOf } from '../validate.js'
import type { Lifetime } from './lifetime.js'

interface Reservation {
  /** Each cap charged, with the start of the window it was charged in. */
  readonly windows: readonly (readonly [cid: string, window: number])[]
  readonly bytes: number
  readonly uses: number
  readonly amounts: Amounts | undefined
}

const ZERO: Usage = { bytes: 0, uses: 0 }

/**
 * The ledger in a Map. Each method does its whole check-and-write without
 * awaiting, so on one event loop it is as atomic as a database transaction.
 */
export class MemoryLedger implements UsageLedger {
  // Keyed by cap CID, then by window start (0 for a cap without a period).
  readonly #usage = new Map<string, Map<number, Usage>>()
  readonly #reservations = new Map<string, Reservation>()
  // Ids of settled reservations, kept for the store's life: an id is never reserved twice.
  readonly #settled = new Set<string>()
  readonly #lifetime: Lifetime

  constructor(lifetime: Lifetime) {
    this.#lifetime = lifetime
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    this.#lifetime.check()
    return this.reserveNow(request)
  }

  /**
   * `reserve`'s whole check-and-write, synchronously (for a caller that
   * composes it with other checks in one step); a refusal writes nothing.
   * @throws {StoreInputError | DuplicateReservationError | ReusedReservationError}
   */
  reserveNow(request: ReserveRequest): ReserveResult {
    checkReserveRequest(request)
    if (this.#reservations.has(request.id)) throw new DuplicateReservationError(request.id)
    if (this.#settled.has(request.id)) throw new ReusedReservationError(request.id)
    const exhausted = findExhaustion(request, (cid, window) => this.#get(cid, window))
    if (exhausted !== undefined) return { ok: false, exhausted }
    const windows = request.caps.map((cap) => [cap.cid, windowOf(cap.limit, request.at)] as const)
    for (const [cid, window] of windows) this.#add(cid, window, request.bytes, request.uses, request.amounts, 1n)
    this.#reservations.set(request.id, { windows, bytes: request.bytes, uses: request.uses, amounts: request.amounts })
    return { ok: true }
  }

  async commit(id: string, bytes?: number): Promise<void> {
    this.#lifetime.check()
    const reservation = this.#open(id)
    const refund = refundOnCommit(reservation.bytes, bytes)
    for (const [cid, window] of reservation.windows) this.#add(cid, window, -refund, 0, undefined, 1n)
    this.#settle(id)
  }

  async refund(id: string): Promise<void> {
    this.#lifetime.check()
    const reservation = this.#open(id)
    for (const [cid, window] of reservation.windows) {
      this.#add(cid, window, -reservation.bytes, -reservation.uses, reservation.amounts, -1n)
    }
    this.#settle(id)
  }

  async usage(cids: readonly string[], window = 0): Promise<ReadonlyMap<string, Usage>> {
    this.#lifetime.check()
    checkAmount(window, 'window')
    return new Map(cids.map((cid) => [cid, this.#get(cid, window)]))
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

  #get(cid: string, window: number): Usage {
    return this.#usage.get(cid)?.get(window) ?? ZERO
  }

  #add(cid: string, window: number, bytes: number, uses: number, amounts: Amounts | undefined, sign: 1n | -1n): void {
    const windows = this.#usage.get(cid) ?? new Map<number, Usage>()
    windows.set(window, addUsage(windows.get(window) ?? ZERO, bytes, uses, amounts, sign))
    this.#usage.set(cid, windows)
  }
}
