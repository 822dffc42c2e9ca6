import type { UsageLedger } from '@capchain/store'
import { ReservationAmountError, ReservationSettledError } from '../errors.js'
import type { Reservation } from '../interface.js'

/**
 * A handle on reservation `id` that settles it at most once. `ledger` is
 * absent when the chain has no cap: nothing was charged, so settling writes nothing.
 */
export function reservationHandle(ledger: UsageLedger | undefined, id: string, bytes: number): Reservation {
  let settled = false
  const settle = (): void => {
    if (settled) throw new ReservationSettledError(id)
    settled = true
  }
  return {
    id,
    bytes,
    async commit(final?: number) {
      checkFinal(id, final, bytes)
      settle()
      await ledger?.commit(id, final)
    },
    async refund() {
      settle()
      await ledger?.refund(id)
    },
  }
}

/** @throws {ReservationAmountError} `final` is not a byte count within the reservation */
function checkFinal(id: string, final: number | undefined, reserved: number): void {
  if (final === undefined) return
  if (!Number.isSafeInteger(final) || final < 0 || final > reserved) throw new ReservationAmountError(id, reserved, final)
}
