/**
 * A reservation id names one reservation, ever: once committed or refunded
 * it can be neither reserved nor settled again. Each store's package runs
 * this against its own store (test/reservation-reuse.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { ReusedReservationError, UnknownReservationError } from '../../src/index.js'
import type { CapCharge, StateStore } from '../../src/index.js'

const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 10 } }
const reserve = (store: StateStore, id: string) => store.ledger.reserve({ id, caps: [cap], bytes: 5, uses: 1, at: 1 })
const uses = async (store: StateStore) => (await store.ledger.usage([cap.cid])).get(cap.cid)

/** Declare the reuse tests for the store `open` makes (or resolves to), a fresh one per test. */
export function describeReservationReuse(name: string, open: () => StateStore | Promise<StateStore>): void {
  describe(`${name} ledger`, () => {
    it.each(['commit', 'refund'] as const)('refuses to reserve an id again after its %s, charging nothing', async (settle) => {
      const store = await open()
      expect(await reserve(store, 'inv-1')).toEqual({ ok: true })
      await store.ledger[settle]('inv-1')
      const before = await uses(store)
      const error = await reserve(store, 'inv-1').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ReusedReservationError)
      expect((error as ReusedReservationError).code).toBe('ERR_RESERVATION_REUSED')
      expect(await uses(store)).toEqual(before)
      await expect(store.ledger.commit('inv-1')).rejects.toBeInstanceOf(UnknownReservationError)
      await expect(store.ledger.refund('inv-1')).rejects.toBeInstanceOf(UnknownReservationError)
      await store.close()
    })

    it('still reserves a fresh id, and an open id stays a duplicate, not a reuse', async () => {
      const store = await open()
      expect(await reserve(store, 'inv-1')).toEqual({ ok: true })
      await store.ledger.commit('inv-1')
      expect(await reserve(store, 'inv-2')).toEqual({ ok: true })
      await expect(reserve(store, 'inv-2')).rejects.not.toBeInstanceOf(ReusedReservationError)
      expect(await uses(store)).toEqual({ bytes: 10, uses: 2 })
      await store.close()
    })
  })
}
