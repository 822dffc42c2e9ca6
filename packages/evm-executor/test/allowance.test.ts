/**
 * A daily token allowance through the executor, on the real EVM: the guard
 * reserves what each `transfer` spends on the grant's cap, the executor
 * commits it once the transaction is mined and refunds it when the call
 * reverts. The window is moved with the chain's clock, which is the guard's.
 */
import { generateSigner } from '@capchain/core'
import type { Delegation, Signer } from '@capchain/core'
import { erc20Dimension, evmCallArgs, evmCallPolicy } from '@capchain/evm'
import type { ProblemBody } from '@capchain/guard'
import { windowOf } from '@capchain/store/validate'
import { Secp256k1, Address } from 'ox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hex } from '../src/index.js'
import { createWorld, grant, invoke, USDC } from '../src/demo/world.js'
import type { World } from '../src/demo/world.js'

const DAY = 86_400
const TRANSFER = 'transfer(address to, uint256 value)'
const TRANSFER_FROM = 'transferFrom(address from, address to, uint256 value)'

let world: World
let dimension: string
beforeAll(async () => {
  world = await createWorld()
  dimension = erc20Dimension(1, world.token)
}, 60_000)
afterAll(() => world.close())

/** A fresh recipient, so its balance on chain is exactly what the grant moved to it. */
const recipient = (): Hex => Address.fromPublicKey(Secp256k1.getPublicKey({ privateKey: Secp256k1.randomPrivateKey() })).toLowerCase() as Hex
/** "Transfer the token, at most `allowance` a day". */
const allowanceGrant = (bot: Signer, allowance: bigint): Promise<Delegation> =>
  grant(world, bot, evmCallPolicy({ chain: 1, account: world.account, targets: [world.token], functions: [TRANSFER, TRANSFER_FROM], cap: { period: DAY, amounts: { [dimension]: allowance } } }), world.chain.now() + 3 * DAY)
const transfer = (to: Hex, amount: bigint) => evmCallArgs({ chain: 1, account: world.account, target: world.token, function: TRANSFER, values: [to, amount] })
const spent = async (delegation: Delegation): Promise<bigint> => {
  const cid = delegation.cid.toString()
  return (await world.guard.config.store.ledger.usage([cid], windowOf({ period: DAY }, world.chain.now()))).get(cid)?.amounts?.[dimension] ?? 0n
}
const code = async (response: Response): Promise<string> => ((await response.json()) as ProblemBody).code

describe('a daily token allowance through the executor', () => {
  it('spends to the unit, refuses one unit over until the window ends, then allows it again; the chain moved exactly the ledger’s total', async () => {
    const bot = await generateSigner('Ed25519')
    const daily = await allowanceGrant(bot, 50n * USDC)
    const to = recipient()
    for (const amount of [30n * USDC, 20n * USDC]) expect((await invoke(world, bot, [daily], transfer(to, amount))).status).toBe(200)
    const over = await invoke(world, bot, [daily], transfer(to, 1n))
    expect(over.status).toBe(429)
    expect(await code(over)).toBe('ERR_CAP_WINDOW_EXCEEDED')
    expect(await world.tokenBalance(to)).toBe(50n * USDC)
    expect(await spent(daily)).toBe(50n * USDC)

    world.chain.advance(DAY - (world.chain.now() % DAY))
    expect((await invoke(world, bot, [daily], transfer(to, 1n))).status).toBe(200)
    expect(await spent(daily)).toBe(1n)
    expect(await world.tokenBalance(to)).toBe(50n * USDC + 1n)
  })

  it('refunds a call that reverts: a transferFrom without approval spends nothing, the whole allowance stays', async () => {
    const bot = await generateSigner('Ed25519')
    const daily = await allowanceGrant(bot, 10n * USDC)
    const to = recipient()
    const unapproved = evmCallArgs({ chain: 1, account: world.account, target: world.token, function: TRANSFER_FROM, values: [world.owner, to, 10n * USDC] })
    const reverted = await invoke(world, bot, [daily], unapproved)
    expect(reverted.status).toBe(422)
    expect(await code(reverted)).toBe('ERR_EVM_SIMULATION_FAILED')
    expect(await spent(daily)).toBe(0n)
    expect((await invoke(world, bot, [daily], transfer(to, 10n * USDC))).status).toBe(200)
    expect(await world.tokenBalance(to)).toBe(10n * USDC)
  })

  it('50 concurrent transfers of 1 USDC against 10 USDC a day: exactly 10 mined, the recipient holds what the ledger charged', async () => {
    const bot = await generateSigner('Ed25519')
    const daily = await allowanceGrant(bot, 10n * USDC)
    const to = recipient()
    const before = await world.tokenBalance(world.account)
    const responses = await Promise.all(Array.from({ length: 50 }, () => invoke(world, bot, [daily], transfer(to, USDC))))
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(10)
    expect(statuses.filter((status) => status !== 200).every((status) => status === 429)).toBe(true)
    expect(await world.tokenBalance(to)).toBe(10n * USDC)
    expect(await spent(daily)).toBe(10n * USDC)
    expect(await world.tokenBalance(world.account)).toBe(before - 10n * USDC)
  }, 60_000)
})
