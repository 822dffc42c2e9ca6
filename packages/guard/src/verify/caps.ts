import type { Amounts, CapCharge, UsageLedger } from '@capchain/store'
import { CapExceededError } from '../errors.js'

/**
 * Reserve one use, `bytes` and `amounts` on every cap, as reservation `id`,
 * in each periodic cap's window of `now`.
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
  const reserved = await ledger.reserve({ id, caps, bytes, uses: 1, at: now, ...(amounts === undefined ? {} : { amounts }) })
  if (!reserved.ok) throw new CapExceededError(reserved.exhausted)
}
