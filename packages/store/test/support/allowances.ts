/**
 * Periodic caps and named amounts, part of the StateStore contract
 * (`describeStateStore` declares these for every store).
 */
import { expect, it } from 'vitest'
import { StoreInputError } from '../../src/index.js'
import type { Amounts, CapCharge, StateStore } from '../../src/index.js'

const MAX_UINT256 = (1n << 256n) - 1n

/** Declare the allowance tests against the store `current` returns (the contract's fresh store of the test). */
export function describeAllowances(current: () => StateStore): void {
  const reserve = (id: string, caps: readonly CapCharge[], at: number, amounts?: Amounts, bytes = 0) =>
    current().ledger.reserve({ id, caps, bytes, uses: 1, at, ...(amounts === undefined ? {} : { amounts }) })
  const usage = async (cid: string, window?: number) => (await current().ledger.usage([cid], window)).get(cid)

  it('applies a periodic cap per epoch-aligned window: full at its end, whole again at the next start', async () => {
    const hourly: CapCharge = { cid: 'bafy-hourly', limit: { uses: 2, period: 3600 } }
    expect(await reserve('a', [hourly], 7200)).toEqual({ ok: true })
    expect(await reserve('b', [hourly], 10_799)).toEqual({ ok: true })
    expect(await reserve('c', [hourly], 10_799)).toEqual({
      ok: false,
      exhausted: { cid: 'bafy-hourly', dimension: 'uses', limit: 2, used: 2, requested: 1, resetsAt: 10_800 },
    })
    expect(await reserve('d', [hourly], 10_800)).toEqual({ ok: true })
    expect(await usage(hourly.cid, 7200)).toEqual({ bytes: 0, uses: 2 })
    expect(await usage(hourly.cid, 10_800)).toEqual({ bytes: 0, uses: 1 })
    expect(await usage(hourly.cid)).toEqual({ bytes: 0, uses: 0 })
  })

  it('limits a named amount per cap, naming it when exhausted; a cap without a limit on it does not limit it', async () => {
    const wei: CapCharge = { cid: 'bafy-wei', limit: { amounts: { wei: 100n } } }
    const open: CapCharge = { cid: 'bafy-open', limit: { uses: 10 } }
    expect(await reserve('a', [wei, open], 1, { wei: 60n, 'erc20:1:0xabc': 5n })).toEqual({ ok: true })
    expect(await reserve('b', [wei, open], 1, { wei: 41n })).toEqual({
      ok: false,
      exhausted: { cid: 'bafy-wei', dimension: 'amount', name: 'wei', limit: 100n, used: 60n, requested: 41n },
    })
    expect(await reserve('c', [wei, open], 1, { wei: 40n })).toEqual({ ok: true })
    expect(await usage(wei.cid)).toEqual({ bytes: 0, uses: 2, amounts: { wei: 100n, 'erc20:1:0xabc': 5n } })
    expect(await usage(open.cid)).toEqual({ bytes: 0, uses: 2, amounts: { wei: 100n, 'erc20:1:0xabc': 5n } })
  })

  it('reads only a limit of its own: a name such as constructor or __proto__ is an unlimited amount, not an inherited value', async () => {
    const wei: CapCharge = { cid: 'bafy-wei', limit: { amounts: { wei: 1n } } }
    const amounts = Object.fromEntries([['constructor', 7n], ['__proto__', 3n]])
    expect(await reserve('a', [wei], 1, amounts)).toEqual({ ok: true })
    expect(await usage(wei.cid)).toEqual({ bytes: 0, uses: 1, amounts: Object.fromEntries([['constructor', 7n], ['__proto__', 3n]]) })
  })

  it('counts exactly at 2^64 − 1, 2^64 and up to 2^256 − 1, and refuses one more', async () => {
    const huge: CapCharge = { cid: 'bafy-huge', limit: { amounts: { wei: MAX_UINT256 } } }
    const unlimited: CapCharge = { cid: 'bafy-unlimited', limit: {} }
    expect(await reserve('a', [huge, unlimited], 1, { wei: 2n ** 64n - 1n })).toEqual({ ok: true })
    expect(await reserve('b', [huge, unlimited], 1, { wei: 2n ** 64n })).toEqual({ ok: true })
    const rest = MAX_UINT256 - (2n ** 65n - 1n)
    expect(await reserve('c', [huge, unlimited], 1, { wei: rest })).toEqual({ ok: true })
    expect(await usage(huge.cid)).toEqual({ bytes: 0, uses: 3, amounts: { wei: MAX_UINT256 } })
    expect(await reserve('d', [unlimited], 1, { wei: 1n })).toEqual({
      ok: false,
      exhausted: { cid: 'bafy-unlimited', dimension: 'amount', name: 'wei', limit: MAX_UINT256, used: MAX_UINT256, requested: 1n },
    })
    await current().ledger.refund('b')
    expect(await usage(unlimited.cid)).toEqual({ bytes: 0, uses: 2, amounts: { wei: MAX_UINT256 - 2n ** 64n } })
  })

  it('settles in the window of the reservation, even after it rolled over', async () => {
    const daily: CapCharge = { cid: 'bafy-daily', limit: { bytes: 1000, period: 86_400, amounts: { wei: 50n } } }
    expect(await reserve('yesterday', [daily], 86_399, { wei: 30n }, 600)).toEqual({ ok: true })
    expect(await reserve('today', [daily], 86_400, { wei: 50n }, 1000)).toEqual({ ok: true })
    await current().ledger.refund('yesterday')
    expect(await usage(daily.cid, 0)).toEqual({ bytes: 0, uses: 0 })
    expect(await usage(daily.cid, 86_400)).toEqual({ bytes: 1000, uses: 1, amounts: { wei: 50n } })
    await current().ledger.commit('today', 400)
    expect(await usage(daily.cid, 86_400)).toEqual({ bytes: 400, uses: 1, amounts: { wei: 50n } })
    expect(await reserve('late', [daily], 100_000, { wei: 1n })).toMatchObject({ ok: false, exhausted: { name: 'wei', resetsAt: 172_800 } })
  })

  it('never over-spends one allowance under 50 concurrent reservations', async () => {
    const allowance: CapCharge = { cid: 'bafy-allowance', limit: { period: 86_400, amounts: { 'erc20:1:0xusdc': 50_000_000n } } }
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => reserve(`r${i}`, [allowance], 90_000 + i, { 'erc20:1:0xusdc': 3_000_000n })),
    )
    expect(results.filter((result) => result.ok)).toHaveLength(16)
    expect(await usage(allowance.cid, 86_400)).toEqual({ bytes: 0, uses: 16, amounts: { 'erc20:1:0xusdc': 48_000_000n } })
  })

  it.each([
    ['an amount of 2^256', { amounts: { wei: 1n << 256n } }],
    ['a negative amount', { amounts: { wei: -1n } }],
    ['an amount that is a number', { amounts: { wei: 1 } }],
    ['an empty name', { amounts: { '': 1n } }],
    ['a name with a space', { amounts: { 'w ei': 1n } }],
    ['a name of 129 characters', { amounts: { ['n'.repeat(129)]: 1n } }],
    ['a limit of 2^256', { caps: [{ cid: 'x', limit: { amounts: { wei: 1n << 256n } } }] }],
    ['a period of 0', { caps: [{ cid: 'x', limit: { period: 0 } }] }],
    ['a fractional period', { caps: [{ cid: 'x', limit: { period: 1.5 } }] }],
  ])('refuses %s', async (_what, override) => {
    const request = { id: 'a', caps: [{ cid: 'bafy-cap', limit: {} }], bytes: 0, uses: 1, at: 1, ...override }
    await expect(current().ledger.reserve(request as never)).rejects.toBeInstanceOf(StoreInputError)
    await expect(current().ledger.usage(['bafy-cap'], -1)).rejects.toBeInstanceOf(StoreInputError)
  })
}
