import type { Amounts, CapCharge, ReserveRequest, UsageLedger } from '@capchain/store'
import { CapExceededError } from '../errors.js'

/** The reservation of one use, `bytes` and `amounts` on every cap, as `id`, in each periodic cap's window of `now`. */
export function capReservation(id: string, caps: readonly CapCharge[], bytes: number, now: number, amounts?: Amounts): ReserveRequest {
  return { id, caps, bytes, uses: 1, at: now, ...(amounts === undefined ? {} : { amounts }) }
}

/**
 * Reserve {@link capReservation} on the ledger.
 *
 * @throws {CapExceededError} a cap has not enough left (nothing was charged)
 * @throws {StoreError} the ledger failed (nothing was charged)
 */
export async function reserveCaps(
  ledger: UsageLedger,
  id: string,
  caps: readonly CapCharge[],
  bytes: number,
  now: number,
  amounts?: Amounts,
): Promise<void> {
  const reserved = await ledger.reserve(capReservation(id, caps, bytes, now, amounts))
  if (!reserved.ok) throw new CapExceededError(reserved.exhausted)
}
