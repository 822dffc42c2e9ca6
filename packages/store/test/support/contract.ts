/**
 * The contract every StateStore implementation meets: the same answers, the
 * same typed errors. Each store's package runs it against its own store
 * (test/contract.test.ts here and in packages/store-sqlite).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_REPLAY_MARGIN,
  DuplicateReservationError,
  StoreClosedError,
  StoreInputError,
  UnknownReservationError,
} from '../../src/index.js'
import type { CapCharge, StateStore } from '../../src/index.js'
import { describeAdmission } from './admission.js'
import { describeAllowances } from './allowances.js'
import { describeSweep } from './sweep.js'

/** Declare the contract's tests for the store `open` makes (or resolves to: a networked store connects first), a fresh one per test. */
export function describeStateStore(name: string, open: () => StateStore | Promise<StateStore>): void {
  describe(`${name} store`, () => {
    let store: StateStore
    beforeEach(async () => {
      store = await open()
    })
    afterEach(async () => {
      await store.close()
    })

    const root: CapCharge = { cid: 'bafy-root', limit: { bytes: 1000, uses: 10 } }
    const child: CapCharge = { cid: 'bafy-child', limit: { bytes: 300 } }
    const reserve = (id: string, bytes: number, caps: readonly CapCharge[] = [root, child], uses = 1) =>
      store.ledger.reserve({ id, caps, bytes, uses, at: 1 })

    describe('ledger', () => {
      it('charges every cap on reserve and keeps the charge on commit', async () => {
        expect(await reserve('a', 100)).toEqual({ ok: true })
        await store.ledger.commit('a')
        const usage = await store.ledger.usage([root.cid, child.cid, 'bafy-untouched'])
        expect(Object.fromEntries(usage)).toEqual({
          'bafy-root': { bytes: 100, uses: 1 },
          'bafy-child': { bytes: 100, uses: 1 },
          'bafy-untouched': { bytes: 0, uses: 0 },
        })
      })

      it('counts open reservations as spent', async () => {
        expect(await reserve('a', 200)).toEqual({ ok: true })
        expect(await reserve('b', 200)).toEqual({
          ok: false,
          exhausted: { cid: 'bafy-child', dimension: 'bytes', limit: 300, used: 200, requested: 200 },
        })
      })

      it('accepts a request that uses a cap exactly, and refuses one byte more', async () => {
        expect(await reserve('a', 300)).toEqual({ ok: true })
        expect((await reserve('b', 1)).ok).toBe(false)
        expect(await reserve('c', 0)).toEqual({ ok: true })
      })

      it('refuses past the use count, naming the cap and dimension', async () => {
        const counted: CapCharge = { cid: 'bafy-counted', limit: { uses: 2 } }
        expect((await reserve('a', 0, [counted])).ok).toBe(true)
        expect((await reserve('b', 0, [counted])).ok).toBe(true)
        expect(await reserve('c', 0, [counted])).toEqual({
          ok: false,
          exhausted: { cid: 'bafy-counted', dimension: 'uses', limit: 2, used: 2, requested: 1 },
        })
      })

      it('charges nothing when any cap would be overrun (all or none)', async () => {
        expect((await reserve('a', 250)).ok).toBe(true)
        expect((await reserve('b', 100)).ok).toBe(false)
        const usage = await store.ledger.usage([root.cid, child.cid])
        expect(usage.get(root.cid)).toEqual({ bytes: 250, uses: 1 })
        expect(usage.get(child.cid)).toEqual({ bytes: 250, uses: 1 })
      })

      it('refund gives back bytes and the use to every cap', async () => {
        expect((await reserve('a', 300)).ok).toBe(true)
        await store.ledger.refund('a')
        expect((await store.ledger.usage([root.cid])).get(root.cid)).toEqual({ bytes: 0, uses: 0 })
        expect(await reserve('b', 300)).toEqual({ ok: true })
      })

      it('commit with a smaller final count refunds the difference, and never more than reserved', async () => {
        expect((await reserve('a', 300)).ok).toBe(true)
        await expect(store.ledger.commit('a', 301)).rejects.toBeInstanceOf(StoreInputError)
        await store.ledger.commit('a', 120)
        expect((await store.ledger.usage([child.cid])).get(child.cid)).toEqual({ bytes: 120, uses: 1 })
      })

      it('settles a reservation once', async () => {
        expect((await reserve('a', 10)).ok).toBe(true)
        await store.ledger.commit('a')
        await expect(store.ledger.commit('a')).rejects.toBeInstanceOf(UnknownReservationError)
        await expect(store.ledger.refund('a')).rejects.toBeInstanceOf(UnknownReservationError)
        await expect(store.ledger.refund('never')).rejects.toBeInstanceOf(UnknownReservationError)
      })

      it('bounds a dimension with no limit at 2^53 − 1: a total past it is refused as exhausted, never rounded', async () => {
        const uncapped: CapCharge = { cid: 'bafy-uncapped', limit: {} }
        const max = Number.MAX_SAFE_INTEGER
        expect(await reserve('a', max - 1, [uncapped])).toEqual({ ok: true })
        expect(await reserve('b', 1, [uncapped])).toEqual({ ok: true })
        expect(await reserve('c', 1, [uncapped])).toEqual({
          ok: false,
          exhausted: { cid: 'bafy-uncapped', dimension: 'bytes', limit: max, used: max, requested: 1 },
        })
        expect((await store.ledger.usage([uncapped.cid])).get(uncapped.cid)).toEqual({ bytes: max, uses: 2 })
      })

      it('refuses a second open reservation with the same id', async () => {
        expect((await reserve('a', 10)).ok).toBe(true)
        await expect(reserve('a', 10)).rejects.toBeInstanceOf(DuplicateReservationError)
        expect((await store.ledger.usage([root.cid])).get(root.cid)).toEqual({ bytes: 10, uses: 1 })
      })

      it('records a reservation through no cap', async () => {
        expect(await reserve('a', 10, [])).toEqual({ ok: true })
        await store.ledger.refund('a')
      })

      it.each([
        ['a negative amount', { bytes: -1 }],
        ['a fractional amount', { bytes: 1.5 }],
        ['an amount beyond 2^53', { bytes: 2 ** 53 }],
        ['an empty id', { id: '' }],
        ['a CID listed twice', { caps: [root, root] }],
        ['a negative limit', { caps: [{ cid: 'x', limit: { bytes: -5 } }] }],
      ])('refuses %s', async (_what, override) => {
        await expect(store.ledger.reserve({ id: 'a', caps: [root], bytes: 1, uses: 1, at: 1, ...override })).rejects.toBeInstanceOf(
          StoreInputError,
        )
      })
    })

    describe('periodic caps and named amounts', () => describeAllowances(() => store))

    describe('admitInvocation', () => describeAdmission(() => store))

    describe('sweep', () => describeSweep(() => store))

    describe('revocations', () => {
      const record = { cid: 'bafy-dlg', revoker: 'did:key:alice', at: 100, invocation: 'bafy-inv' }

      it('records once per (CID, revoker) and finds every record of a chain in one lookup', async () => {
        expect(await store.revocations.add(record)).toBe(true)
        expect(await store.revocations.add({ ...record, at: 200, invocation: 'bafy-inv2' })).toBe(false)
        expect(await store.revocations.add({ ...record, revoker: 'did:key:bob' })).toBe(true)
        const found = await store.revocations.lookup(['bafy-other', 'bafy-dlg'])
        expect([...found].sort((a, b) => a.revoker.localeCompare(b.revoker))).toEqual([
          record,
          { ...record, revoker: 'did:key:bob' },
        ])
        expect(await store.revocations.lookup(['bafy-other'])).toEqual([])
      })

      it('reports a record once when its CID is asked twice', async () => {
        expect(await store.revocations.add(record)).toBe(true)
        expect(await store.revocations.lookup(['bafy-dlg', 'bafy-other', 'bafy-dlg'])).toEqual([record])
        expect(await store.revocations.lookup([])).toEqual([])
      })

      it('refuses an incomplete record', async () => {
        await expect(store.revocations.add({ ...record, revoker: '' })).rejects.toBeInstanceOf(StoreInputError)
      })
    })

    describe('replay', () => {
      it('claims a CID once within its window', async () => {
        expect(await store.replay.claim('bafy-inv', 200, 100)).toBe(true)
        expect(await store.replay.claim('bafy-inv', 200, 150)).toBe(false)
        expect(await store.replay.claim('bafy-inv', 200, 200)).toBe(false)
        expect(await store.replay.claim('bafy-other', 200, 150)).toBe(true)
      })

      it('sweeps records whose window ended more than the margin ago, and only those', async () => {
        await store.replay.claim('bafy-early', 150, 100)
        await store.replay.claim('bafy-late', 300, 100)
        expect(await store.replay.sweep(150, 0)).toBe(0)
        expect(await store.replay.sweep(151, 0)).toBe(1)
        expect(await store.replay.claim('bafy-late', 300, 151)).toBe(false)
        expect(await store.replay.sweep(1000, 0)).toBe(1)
        expect(await store.replay.sweep(1000, 0)).toBe(0)
      })

      it('keeps a record DEFAULT_REPLAY_MARGIN (the default clock skew) past its window by default', async () => {
        await store.replay.claim('bafy-inv', 150, 100)
        expect(await store.replay.sweep(150 + DEFAULT_REPLAY_MARGIN)).toBe(0)
        expect(await store.replay.sweep(151 + DEFAULT_REPLAY_MARGIN)).toBe(1)
        await store.replay.claim('bafy-wide', 150, 100)
        expect(await store.replay.sweep(300, 150)).toBe(0)
        expect(await store.replay.sweep(301, 150)).toBe(1)
      })

      it('does not take over a record inside the margin, only one a sweep could delete', async () => {
        await store.replay.claim('bafy-inv', 150, 100)
        expect(await store.replay.claim('bafy-inv', 150, 151)).toBe(false)
        expect(await store.replay.claim('bafy-inv', 150, 150 + DEFAULT_REPLAY_MARGIN)).toBe(false)
        expect(await store.replay.claim('bafy-inv', 400, 151 + DEFAULT_REPLAY_MARGIN)).toBe(true)
      })

      it('refuses a margin that is not a non-negative integer', async () => {
        await expect(store.replay.sweep(100, -1)).rejects.toBeInstanceOf(StoreInputError)
        await expect(store.replay.sweep(100, 1.5)).rejects.toBeInstanceOf(StoreInputError)
      })
    })

    it('refuses every call once closed', async () => {
      await store.close()
      await store.close()
      await expect(store.ledger.usage(['x'])).rejects.toBeInstanceOf(StoreClosedError)
      await expect(store.ledger.reserve({ id: 'a', caps: [], bytes: 0, uses: 1, at: 1 })).rejects.toBeInstanceOf(StoreClosedError)
      await expect(store.revocations.lookup(['x'])).rejects.toBeInstanceOf(StoreClosedError)
      await expect(store.replay.sweep(1)).rejects.toBeInstanceOf(StoreClosedError)
      await expect(store.admitInvocation?.({ revocations: [], replay: { cid: 'a', expiresAt: 1, now: 1 } })).rejects.toBeInstanceOf(StoreClosedError)
    })
  })
}
