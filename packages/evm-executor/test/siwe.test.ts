/**
 * The executor behind a wallet sign-in: the owner's SIWE session acts for its
 * smart account directly under the root; another wallet's session, and the
 * owner's session for another app's domain, act for nothing.
 */
import { localWallet } from '@capchain/client/local-wallet'
import { EVM_CALL_COMMAND, evmCallArgs, evmCallPolicy } from '@capchain/evm'
import type { ProblemBody } from '@capchain/guard'
import { createSiweSession } from '@capchain/siwe'
import type { Eip1193Provider } from '@capchain/siwe'
import { Secp256k1 } from 'ox'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createWorld, DEMO_DOMAIN, ETH, send } from '../src/demo/world.js'
import type { World } from '../src/demo/world.js'

let world: World
beforeAll(async () => {
  world = await createWorld()
}, 60_000)
afterAll(() => world.close())

const buy = () => evmCallArgs({ chain: 1, account: world.account, target: world.shop, value: ETH / 20n, function: 'buy(uint256 item)', values: [1n] })
async function buyAs(wallet: Eip1193Provider, domain = DEMO_DOMAIN): Promise<Response> {
  const session = await createSiweSession({
    provider: wallet,
    domain,
    chainId: 1,
    abilities: [{ command: EVM_CALL_COMMAND, policy: evmCallPolicy({ chain: 1, account: world.account }) }],
    expiresIn: 3600,
    now: new Date(world.chain.now() * 1000),
  })
  const { container } = await session.invoke({ command: EVM_CALL_COMMAND, args: buy(), audience: world.service.did(), expiration: world.chain.now() + 60 })
  return send(world, `UCAN ${container}`)
}
const code = async (response: Response): Promise<string> => ((await response.json()) as ProblemBody).code

it("buys as the owner's SIWE session, directly under the root; the shop is paid from the account", async () => {
  const before = await world.chain.balance(world.shop)
  expect((await buyAs(world.wallet)).status).toBe(200)
  expect(await world.chain.balance(world.shop)).toBe(before + ETH / 20n)
})

it("refuses another wallet's session for the same account (ERR_EVM_ACCOUNT) and the owner's session for another domain (ERR_ROOT_REJECTED), sending nothing", async () => {
  const before = await world.chain.balance(world.account)
  const stranger = await buyAs(localWallet(Secp256k1.randomPrivateKey({ as: 'Bytes' })))
  expect([stranger.status, await code(stranger)]).toEqual([403, 'ERR_EVM_ACCOUNT'])
  const elsewhere = await buyAs(world.wallet, 'phish.example')
  expect([elsewhere.status, await code(elsewhere)]).toEqual([403, 'ERR_ROOT_REJECTED'])
  expect(await world.chain.balance(world.account)).toBe(before)
})
