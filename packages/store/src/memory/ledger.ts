import { DuplicateReservationError, ReusedReservationError, UnknownReservationError } from '../errors.js'
import type { Amounts, ReserveRequest, ReserveResult, Usage, UsageLedger } from '../interface.js'
import { addUsage, checkAmount, checkKey, checkReserveRequest, findExhaustion, refundOnCommit, windowOf } from '../validate.js'
import type { SweepPlan } from '../validate.js'
import type { Lifetime } from './lifetime.js'

interface Reservation {
  /** Each cap charged, with the start of the window it was charged in. */
  readonly windows: readonly (readonly [cid: string, window: number])[]
  readonly bytes: number
  readonly uses: number
  readonly amounts: Amounts | undefined
  readonly at: number
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
  // Ids of settled reservations, with their reservation's `at`, kept until a sweep: an id is never reserved twice.
  readonly #settled = new Map<string, number>()
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
    this.#reservations.set(request.id, { windows, bytes: request.bytes, uses: request.uses, amounts: request.amounts, at: request.at })
    return { ok: true }
  }

  async commit(id: string, bytes?: number): Promise<void> {
    this.#lifetime.check()
    const reservation = this.#open(id)
    const refund = refundOnCommit(reservation.bytes, bytes)
    for (const [cid, window] of reservation.windows) this.#add(cid, window, -refund, 0, undefined, 1n)
    this.#settle(id, reservation)
  }

  async refund(id: string): Promise<void> {
    this.#lifetime.check()
    const reservation = this.#open(id)
    for (const [cid, window] of reservation.windows) {
      this.#add(cid, window, -reservation.bytes, -reservation.uses, reservation.amounts, -1n)
    }
    this.#settle(id, reservation)
  }

  async usage(cids: readonly string[], window = 0): Promise<ReadonlyMap<string, Usage>> {
    this.#lifetime.check()
    checkAmount(window, 'window')
    return new Map(cids.map((cid) => [cid, this.#get(cid, window)]))
  }

  /**
   * The ledger's part of `StateStore.sweep`, synchronously: settled ids kept
   * past `keepSettledFor` whose CID `replayed` no longer holds, then closed
   * windows (see `StateStore.sweep`), at most `limit` of each.
   *
   * Settled ids are kept in the order they were settled, and at most
   * `limit` of them are examined, from the first, up to the first one not
   * yet kept long enough (the ids after it, settled after it, wait their
   * turn behind it). One that `replayed` still holds goes to the back, so
   * that the next sweep examines the others first: a sweep's work stays
   * bounded by `limit` however many ids long-lived replay records keep.
   */
  sweepNow(plan: SweepPlan, replayed: (cid: string) => boolean): { settled: number; windows: number } {
    const examined: [string, number][] = []
    for (const entry of this.#settled) {
      if (examined.length === plan.limit || entry[1] + plan.keepSettledFor >= plan.now) break
      examined.push(entry)
    }
    let settled = 0
    for (const [id, at] of examined) {
      this.#settled.delete(id)
      if (replayed(id)) this.#settled.set(id, at)
      else settled++
    }
    const charged = new Set([...this.#reservations.values()].flatMap((reservation) => reservation.windows.map(([cid, window]) => `${window} ${cid}`)))
    let windows = 0
    for (const [cid, byWindow] of this.#usage) {
      const starts = [...byWindow.keys()].filter((window) => window + plan.margin < plan.now)
      const latest = starts.reduce((most, window) => Math.max(most, window), 0)
      for (const window of starts) {
        if (windows === plan.limit) return { settled, windows }
        if (window > 0 && window < latest && !charged.has(`${window} ${cid}`)) {
          byWindow.delete(window)
          windows++
        }
      }
    }
    return { settled, windows }
  }

  #open(id: string): Reservation {
    checkKey(id, 'reservation id')
    const reservation = this.#reservations.get(id)
    if (reservation === undefined) throw new UnknownReservationError(id)
    return reservation
  }

  #settle(id: string, reservation: Reservation): void {
    this.#reservations.delete(id)
    this.#settled.set(id, reservation.at)
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
