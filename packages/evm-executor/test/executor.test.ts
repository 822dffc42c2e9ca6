/**
 * `POST /evm/call` over real HTTP on 127.0.0.1 against real contracts on
 * the in-process EVM: a bot granted "buy from this shop, at most 0.1 ETH a
 * call, at most N purchases" buys from the user's smart account; every
 * near miss is refused before anything is sent, or refunded when the call
 * reverts, and balances are read from the EVM.
 */
import { createInvocation, encodeContainerString, generateSigner } from '@capchain/core'
import type { Delegation, Signer } from '@capchain/core'
import { evmCallArgs, evmCallPolicy } from '@capchain/evm'
import type { ProblemBody } from '@capchain/guard'
import { AbiEvent, AbiFunction, Hex as OxHex } from 'ox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Shop, SmartAccount } from '../src/index.js'
import type { Hex } from '../src/index.js'
import { createWorld, ETH, grant, invoke, OWNER_KEY, send, USDC } from '../src/demo/world.js'
import type { World } from '../src/demo/world.js'

const BUY = 'buy(uint256 item)'
const purchase = AbiEvent.fromAbi(Shop.abi, 'Purchase')

let world: World
let bot: Signer
let delegation: Delegation
const buyCall = (item: bigint, value: bigint) => evmCallArgs({ chain: 1, account: world.account, target: world.shop, value, function: BUY, values: [item] })
/** "Buy from this shop, at most 0.1 ETH a call", with `uses` purchases. */
const shopPolicy = (uses: number) => evmCallPolicy({ chain: 1, account: world.account, targets: [world.shop], functions: [BUY], maxValue: ETH / 10n, cap: { uses } })
const usesOf = async (cid: string): Promise<number> => (await world.guard.config.store.ledger.usage([cid])).get(cid)?.uses ?? 0
const problem = async (response: Response): Promise<ProblemBody> => {
  expect(response.status).toBeGreaterThanOrEqual(400)
  return (await response.json()) as ProblemBody
}
const purchases = async (hash: Hex) => (await world.chain.receipt(hash)).logs.filter((log) => log.address === world.shop && log.topics[0] === AbiEvent.getSelector(purchase))

beforeAll(async () => {
  world = await createWorld()
  bot = await generateSigner('Ed25519')
  delegation = await grant(world, bot, shopPolicy(2))
}, 60_000)
afterAll(() => world.close())

describe('the executor', () => {
  it('buys from the shop as the account: one Purchase event, the price moved from the account to the shop, one use charged', async () => {
    const before = await world.chain.balance(world.account)
    const response = await invoke(world, bot, [delegation], buyCall(1n, ETH / 20n))
    expect(response.status).toBe(200)
    const { hash, account } = (await response.json()) as { hash: Hex; account: Hex }
    expect(account).toBe(world.account)
    expect(await purchases(hash)).toHaveLength(1)
    expect(await world.chain.balance(world.account)).toBe(before - ETH / 20n)
    expect(await world.chain.balance(world.shop)).toBe(ETH / 20n)
    expect(await usesOf(delegation.cid.toString())).toBe(1)
  })

  it('buys with USDC: the bot approves the shop for the price, then buyWithToken; an approval over 50 USDC is refused', async () => {
    const payer = await generateSigner('Ed25519')
    const APPROVE = 'approve(address spender, uint256 value)'
    const BUY_WITH_TOKEN = 'buyWithToken(uint256 item)'
    const tokenGrant = await grant(
      world,
      payer,
      evmCallPolicy({ chain: 1, account: world.account, targets: [world.shop, world.token], functions: [APPROVE, BUY_WITH_TOKEN], uint: [['<=', '.call.args.value', (50n * USDC).toString(), APPROVE]], cap: { uses: 3 } }),
    )
    const approve = (value: bigint) => evmCallArgs({ chain: 1, account: world.account, target: world.token, function: APPROVE, values: [world.shop, value] })
    expect((await problem(await invoke(world, payer, [tokenGrant], approve(51n * USDC)))).code).toBe('ERR_EVM_LIMIT')
    const before = await world.tokenBalance(world.account)
    expect((await invoke(world, payer, [tokenGrant], approve(20n * USDC))).status).toBe(200)
    const paid = await invoke(world, payer, [tokenGrant], evmCallArgs({ chain: 1, account: world.account, target: world.shop, function: BUY_WITH_TOKEN, values: [3n] }))
    expect(paid.status).toBe(200)
    expect(await purchases(((await paid.json()) as { hash: Hex }).hash)).toHaveLength(1)
    expect(await world.tokenBalance(world.account)).toBe(before - 20n * USDC)
    expect(await usesOf(tokenGrant.cid.toString())).toBe(2)
  })

  it('refuses another contract, another function and more than 0.1 ETH a call, charging nothing', async () => {
    const balance = await world.chain.balance(world.account)
    const transfer = evmCallArgs({ chain: 1, account: world.account, target: world.token, function: 'transfer(address to, uint256 amount)', values: [world.owner, 1n * USDC] })
    const otherFunction = evmCallArgs({ chain: 1, account: world.account, target: world.shop, function: 'buyWithToken(uint256 item)', values: [3n] })
    const refusals = []
    for (const args of [transfer, otherFunction, buyCall(2n, ETH / 5n)]) refusals.push((await problem(await invoke(world, bot, [delegation], args))).code)
    expect(refusals).toEqual(['ERR_POLICY_VIOLATION', 'ERR_POLICY_VIOLATION', 'ERR_EVM_LIMIT'])
    expect(await world.chain.balance(world.account)).toBe(balance)
    expect(await usesOf(delegation.cid.toString())).toBe(1)
  })

  it('refuses calldata that is not the claimed call, and another account than the subject’s', async () => {
    const claimed = buyCall(1n, ETH / 20n)
    const forged = { ...claimed, data: OxHex.toBytes(AbiFunction.encodeData(AbiFunction.fromAbi(Shop.abi, 'buyWithToken'), [3n])) }
    expect((await problem(await invoke(world, bot, [delegation], forged))).code).toBe('ERR_EVM_CALLDATA_MISMATCH')
    const loose = await grant(world, bot, evmCallPolicy({ chain: 1, targets: [world.shop], cap: { uses: 1 } }))
    const elsewhere = evmCallArgs({ chain: 1, account: world.owner, target: world.shop, value: ETH / 20n, function: BUY, values: [1n] })
    expect((await problem(await invoke(world, bot, [loose], elsewhere))).code).toBe('ERR_EVM_ACCOUNT')
    expect(await usesOf(loose.cid.toString())).toBe(0)
  })

  it('refunds a call that reverts in simulation (the wrong price): nothing sent, the use given back', async () => {
    const balance = await world.chain.balance(world.account)
    const body = await problem(await invoke(world, bot, [delegation], buyCall(1n, ETH / 25n)))
    expect(body.code).toBe('ERR_EVM_SIMULATION_FAILED')
    expect(await world.chain.balance(world.account)).toBe(balance)
    expect(await usesOf(delegation.cid.toString())).toBe(1)
  })

  it('executes the same invocation once', async () => {
    const other = await generateSigner('Ed25519')
    const once = await grant(world, other, shopPolicy(5))
    const call = buyCall(1n, ETH / 20n)
    const invocation = await createInvocation({
      issuer: other,
      subject: world.user.did(),
      audience: world.service.did(),
      command: '/evm/call',
      args: call,
      proofs: [once.cid],
      expiration: world.chain.now() + 60,
    })
    const header = `UCAN ${encodeContainerString([invocation.bytes, once.bytes])}`
    expect((await send(world, header)).status).toBe(200)
    expect((await problem(await send(world, header))).code).toBe('ERR_REPLAY')
    expect(await usesOf(once.cid.toString())).toBe(1)
  })

  it('refuses a grant once the chain’s clock passes its expiry, and a grant to another key', async () => {
    const brief = await grant(world, bot, shopPolicy(2), world.chain.now() + 600)
    const signed = buyCall(1n, ETH / 20n)
    world.chain.advance(600 + 120)
    expect((await problem(await invoke(world, bot, [brief], signed))).code).toBe('ERR_EXPIRED')
    expect(await usesOf(brief.cid.toString())).toBe(0)
    const stranger = await generateSigner('Ed25519')
    expect((await invoke(world, stranger, [delegation], buyCall(1n, ETH / 20n))).status).toBe(403)
  })

  it('refuses the third purchase of a two-purchase grant', async () => {
    expect((await invoke(world, bot, [delegation], buyCall(1n, ETH / 20n))).status).toBe(200)
    expect((await problem(await invoke(world, bot, [delegation], buyCall(1n, ETH / 20n)))).code).toBe('ERR_CAP_EXCEEDED')
    expect(await usesOf(delegation.cid.toString())).toBe(2)
  })

  it('50 concurrent purchases against 5 uses: exactly 5 mined, the shop paid for 5, the ledger says 5', async () => {
    const crowd = await generateSigner('Ed25519')
    const five = await grant(world, crowd, shopPolicy(5))
    const shopBefore = await world.chain.balance(world.shop)
    const responses = await Promise.all(Array.from({ length: 50 }, () => invoke(world, crowd, [five], buyCall(1n, ETH / 20n))))
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(5)
    expect(statuses.filter((status) => status !== 200).every((status) => status === 429 || status === 403)).toBe(true)
    expect(await world.chain.balance(world.shop)).toBe(shopBefore + 5n * (ETH / 20n))
    expect(await usesOf(five.cid.toString())).toBe(5)
  }, 60_000)

  it('after the owner revokes the executor on chain, a granted call fails in simulation and is refunded', async () => {
    const later = await generateSigner('Ed25519')
    const fresh = await grant(world, later, shopPolicy(2))
    await world.transact(OWNER_KEY, world.account, AbiFunction.encodeData(AbiFunction.fromAbi(SmartAccount.abi, 'setExecutor'), ['0x0000000000000000000000000000000000000000']))
    const balance = await world.chain.balance(world.account)
    expect((await problem(await invoke(world, later, [fresh], buyCall(1n, ETH / 20n)))).code).toBe('ERR_EVM_SIMULATION_FAILED')
    expect(await world.chain.balance(world.account)).toBe(balance)
    expect(await usesOf(fresh.cid.toString())).toBe(0)
  })
})
