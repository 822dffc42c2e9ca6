import type { UsageLedger } from '@capchain/store'
import { ReservationSettledError } from '../errors.js'
import type { Reservation } from './interface.js'

/** A handle on reservation `id` that settles it at most once. */
export function reservationHandle(ledger: UsageLedger, id: string, bytes: number): Reservation {
  let settled = false
  const settle = (): void => {
    if (settled) throw new ReservationSettledError(id)
    settled = true
  }
  return {
    id,
    bytes,
    async commit(final?: number) {
      settle()
      await ledger.commit(id, final)
    },
    async refund() {
      settle()
      await ledger.refund(id)
    },
  }
}
