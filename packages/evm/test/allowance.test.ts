/**
 * What a call spends, charged on the chain's caps by the real guard and the
 * real memory ledger: a daily token allowance and a lifetime value cap, at
 * the boundary and one unit over, and the allowance back in the next window.
 */
import { capStatement } from '@capchain/guard'
import type { CapExceededError } from '@capchain/guard'
import { createMemoryStore } from '@capchain/store'
import { beforeAll, describe, expect, it } from 'vitest'
import { erc20Dimension, evmCallPolicy, WEI } from '../src/index.js'
import { accepted, authorize, BUY, callArgs, DAY, delegate, deniedWith, invoke, makeWorld, MERCHANT, NOW, SHOP, TRANSFER, USDC } from './fixtures.js'
import type { World } from './fixtures.js'

const USDC_DIMENSION = erc20Dimension(1, USDC)
/** NOW is midnight UTC: the day's window is [NOW, NOW + DAY). */
const LATE = NOW + DAY - 1

describe('allowances through the guard', () => {
  let world: World
  beforeAll(async () => {
    world = await makeWorld()
  })

  it('spends a daily token allowance to the unit, refuses one more unit until the window ends, then allows it', async () => {
    const store = createMemoryStore()
    const grant = await delegate(world, [...evmCallPolicy({ chain: 1, targets: [USDC], functions: [TRANSFER] }), capStatement({ period: DAY, amounts: { [USDC_DIMENSION]: 100_000_000n } })], { expiration: NOW + 3 * DAY })
    const pay = async (amount: bigint, now: number) => {
      const invocation = await invoke(world, [grant], callArgs({ values: [MERCHANT, amount] }), { expiration: now + 300 })
      return authorize(world, invocation, [grant], { store, now })
    }
    for (const [amount, at] of [[60_000_000n, NOW], [40_000_000n, LATE]] as const) await accepted(await pay(amount, at)).reservation.commit()
    const over = deniedWith(await pay(1n, LATE), 'ERR_CAP_WINDOW_EXCEEDED') as CapExceededError
    expect(over).toMatchObject({ dimension: 'amount', amount: USDC_DIMENSION, limit: 100_000_000n, used: 100_000_000n, requested: 1n, resetsAt: NOW + DAY })
    await accepted(await pay(100_000_000n, NOW + DAY)).reservation.commit()
  })

  it('gives a refunded spend back: a reverted call does not use the allowance', async () => {
    const store = createMemoryStore()
    const grant = await delegate(world, [capStatement({ amounts: { [USDC_DIMENSION]: 50_000_000n } })])
    const first = accepted(await authorize(world, await invoke(world, [grant], callArgs()), [grant], { store }))
    await first.reservation.refund()
    await accepted(await authorize(world, await invoke(world, [grant], callArgs({ values: [MERCHANT, 50_000_000n] })), [grant], { store })).reservation.commit()
    deniedWith(await authorize(world, await invoke(world, [grant], callArgs({ values: [MERCHANT, 1n] })), [grant], { store }), 'ERR_CAP_EXCEEDED')
  })

  it('caps native value over the grant: the whole cap at once, then one wei more refused', async () => {
    const store = createMemoryStore()
    const grant = await delegate(world, [capStatement({ amounts: { [WEI]: 10n ** 17n } })])
    const buy = (value: bigint) => callArgs({ target: SHOP, function: BUY, values: [1n], value })
    await accepted(await authorize(world, await invoke(world, [grant], buy(10n ** 17n)), [grant], { store })).reservation.commit()
    const over = deniedWith(await authorize(world, await invoke(world, [grant], buy(1n)), [grant], { store }), 'ERR_CAP_EXCEEDED') as CapExceededError
    expect(over).toMatchObject({ dimension: 'amount', amount: WEI, requested: 1n })
  })
})
