/**
 * `StateStore.sweep`, part of the StateStore contract (`describeStateStore`
 * declares these for every store): what goes, what stays, and that the
 * state left answers every request exactly as before.
 */
import { expect, it } from 'vitest'
import { DEFAULT_KEEP_SETTLED_FOR, DEFAULT_REPLAY_MARGIN, ReusedReservationError, StoreInputError } from '../../src/index.js'
import type { CapCharge, StateStore, SweepOptions, SweepResult } from '../../src/index.js'

const hourly: CapCharge = { cid: 'bafy-hourly', limit: { uses: 2, period: 3600 } }
const lifetime: CapCharge = { cid: 'bafy-lifetime', limit: { uses: 10 } }

/** Declare the sweep tests against the store `current` returns (the contract's fresh store of the test). */
export function describeSweep(current: () => StateStore): void {
  const sweep = (options: SweepOptions): Promise<SweepResult> => {
    const store = current()
    if (store.sweep === undefined) throw new Error('every store of this repository sweeps')
    return store.sweep(options)
  }
  const reserve = (id: string, caps: readonly CapCharge[], at: number) => current().ledger.reserve({ id, caps, bytes: 0, uses: 1, at })
  const usage = async (cid: string, window?: number) => (await current().ledger.usage([cid], window)).get(cid)

  it('removes a replay record only once its window and the margin are over: a replay inside them is still refused', async () => {
    expect(await current().replay.claim('inv-a', 1000, 900)).toBe(true)
    expect(await sweep({ now: 1000 + DEFAULT_REPLAY_MARGIN })).toEqual({ replay: 0, settled: 0, windows: 0 })
    expect(await current().replay.claim('inv-a', 1000, 1000 + DEFAULT_REPLAY_MARGIN)).toBe(false)
    expect(await sweep({ now: 1001 + DEFAULT_REPLAY_MARGIN })).toEqual({ replay: 1, settled: 0, windows: 0 })
    expect(await current().replay.claim('inv-a', 5000, 1001 + DEFAULT_REPLAY_MARGIN)).toBe(true)
  })

  it('removes settled ids once kept long enough and their replay record is gone; an open reservation stays open', async () => {
    for (const id of ['done', 'open', 'claimed']) expect(await reserve(id, [lifetime], 100)).toEqual({ ok: true })
    await current().ledger.commit('done')
    await current().ledger.commit('claimed')
    expect(await current().replay.claim('claimed', 1_000_000, 100)).toBe(true)
    expect(await sweep({ now: 100 + DEFAULT_KEEP_SETTLED_FOR })).toEqual({ replay: 0, settled: 0, windows: 0 })
    await expect(reserve('done', [lifetime], 200)).rejects.toBeInstanceOf(ReusedReservationError)
    expect(await sweep({ now: 101 + DEFAULT_KEEP_SETTLED_FOR })).toEqual({ replay: 0, settled: 1, windows: 0 })
    // An invocation's id stays while its replay record does: the re-sent invocation is refused as a replay before its reservation.
    await expect(reserve('claimed', [lifetime], 200)).rejects.toBeInstanceOf(ReusedReservationError)
    await current().ledger.refund('open')
    expect(await usage(lifetime.cid)).toEqual({ bytes: 0, uses: 2 })
    expect(await reserve('done', [lifetime], 200)).toEqual({ ok: true })
  })

  it('removes closed windows of a periodic cap, keeping the current one exact and lifetime caps whole', async () => {
    const other: CapCharge = { cid: 'bafy-other', limit: { uses: 2, period: 3600 } }
    for (const [id, caps, at] of [['a', [hourly, lifetime], 3600], ['b', [hourly], 7200], ['c', [other], 3600], ['d', [other], 7200]] as const) {
      expect(await reserve(id, caps, at)).toEqual({ ok: true })
    }
    for (const id of ['a', 'b', 'd']) await current().ledger.commit(id)
    // Reservation c is still open in its window: the window stays for its settlement.
    expect(await sweep({ now: 7200 + 60, margin: 60 })).toEqual({ replay: 0, settled: 0, windows: 0 })
    expect(await sweep({ now: 7201 + 60, margin: 60 })).toEqual({ replay: 0, settled: 0, windows: 1 })
    expect(await usage(hourly.cid, 3600)).toEqual({ bytes: 0, uses: 0 })
    expect(await usage(other.cid, 3600)).toEqual({ bytes: 0, uses: 1 })
    expect(await usage(lifetime.cid)).toEqual({ bytes: 0, uses: 1 })
    await current().ledger.refund('c')
    expect(await usage(other.cid, 3600)).toEqual({ bytes: 0, uses: 0 })
    expect(await reserve('e', [hourly], 7300)).toEqual({ ok: true })
    expect(await reserve('f', [hourly], 7300)).toEqual({
      ok: false,
      exhausted: { cid: hourly.cid, dimension: 'uses', limit: 2, used: 2, requested: 1, resetsAt: 10_800 },
    })
    // The newest window is kept however old: it may be the current one.
    expect(await sweep({ now: 1_000_000 })).toEqual({ replay: 0, settled: 4, windows: 1 })
    expect(await usage(hourly.cid, 7200)).toEqual({ bytes: 0, uses: 2 })
  })

  it('removes at most limit rows of each kind per call, and never a revocation', async () => {
    for (const cid of ['inv-1', 'inv-2', 'inv-3']) expect(await current().replay.claim(cid, 10, 1)).toBe(true)
    const record = { cid: 'bafy-revoked', revoker: 'did:key:zRevoker', at: 1, invocation: 'inv-revoke' }
    expect(await current().revocations.add(record)).toBe(true)
    expect(await sweep({ now: 1_000_000, limit: 2 })).toEqual({ replay: 2, settled: 0, windows: 0 })
    expect(await sweep({ now: 1_000_000, limit: 2 })).toEqual({ replay: 1, settled: 0, windows: 0 })
    expect(await current().revocations.lookup([record.cid])).toEqual([record])
  })

  it('examines at most limit settled ids per call, whatever replay records keep, and comes back to those it passed over', async () => {
    // Reserved at one time, so that every store examines them in this order: the kept ones first.
    for (const id of ['a-kept', 'b-kept', 'c-free', 'd-free']) {
      expect(await reserve(id, [lifetime], 100)).toEqual({ ok: true })
      await current().ledger.commit(id)
    }
    for (const id of ['a-kept', 'b-kept']) expect(await current().replay.claim(id, 10_000, 100)).toBe(true)
    const options = { now: 1000, keepSettledFor: 0, limit: 2 }
    expect(await sweep(options)).toEqual({ replay: 0, settled: 0, windows: 0 })
    expect(await sweep(options)).toEqual({ replay: 0, settled: 2, windows: 0 })
    await expect(reserve('a-kept', [lifetime], 1000)).rejects.toBeInstanceOf(ReusedReservationError)

    // Their replay records gone, the kept ids go within a round: two calls of two.
    const later = { ...options, now: 10_001 + DEFAULT_REPLAY_MARGIN }
    const rounds = [await sweep(later), await sweep(later)]
    expect(rounds.map((round) => round.replay)).toEqual([2, 0])
    expect(rounds.reduce((sum, round) => sum + round.settled, 0)).toBe(2)
    expect(await reserve('a-kept', [lifetime], later.now)).toEqual({ ok: true })
  })

  it('refuses malformed options', async () => {
    await expect(sweep({ now: -1 })).rejects.toBeInstanceOf(StoreInputError)
    await expect(sweep({ now: 1, limit: 0 })).rejects.toBeInstanceOf(StoreInputError)
    await expect(sweep({ now: 1, keepSettledFor: 1.5 })).rejects.toBeInstanceOf(StoreInputError)
  })
}
