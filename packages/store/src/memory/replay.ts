import type { ReplayStore } from '../interface.js'
import { DEFAULT_REPLAY_MARGIN } from '../replay-margin.js'
import { checkAmount, checkClaim } from '../validate.js'
import type { Lifetime } from './lifetime.js'

/** Executed invocation CIDs in a Map, with the end of their window. */
export class MemoryReplay implements ReplayStore {
  readonly #records = new Map<string, number>()
  readonly #lifetime: Lifetime

  constructor(lifetime: Lifetime) {
    this.#lifetime = lifetime
  }

  async claim(cid: string, expiresAt: number, now: number): Promise<boolean> {
    this.#lifetime.check()
    checkClaim(cid, expiresAt, now)
    if (this.claimed(cid, now)) return false
    this.#records.set(cid, expiresAt)
    return true
  }

  /** Whether `claim(cid, …, now)` would find a record it cannot take over (a checked `cid` and `now`). */
  claimed(cid: string, now: number): boolean {
    const recorded = this.#records.get(cid)
    return recorded !== undefined && recorded + DEFAULT_REPLAY_MARGIN >= now
  }

  /** Record `cid` until `expiresAt`, for a caller that found it not `claimed` in the same synchronous step. */
  record(cid: string, expiresAt: number): void {
    this.#records.set(cid, expiresAt)
  }

  async sweep(now: number, margin: number = DEFAULT_REPLAY_MARGIN): Promise<number> {
    this.#lifetime.check()
    checkAmount(now, 'now')
    checkAmount(margin, 'margin')
    return this.sweepNow(now, margin, Number.MAX_SAFE_INTEGER)
  }

  /** `sweep` of at most `limit` records, synchronously, for checked arguments. */
  sweepNow(now: number, margin: number, limit: number): number {
    let swept = 0
    for (const [cid, expiresAt] of this.#records) {
      if (swept === limit) break
      if (expiresAt + margin < now) {
        this.#records.delete(cid)
        swept++
      }
    }
    return swept
  }

  /** Whether any record of `cid` is kept, swept or not yet. */
  has(cid: string): boolean {
    return this.#records.has(cid)
  }
}
