/**
 * A transaction that reverts once mined, although its simulation passed:
 * the owner revokes the executor on chain between the two (a real race,
 * made certain by running the owner's transaction as the executor sends).
 * The request is refused as ERR_EVM_TX_REVERTED, its use and wei allowance refunded, and
 * nothing but the executor's gas moved.
 */
import { generateSigner } from '@capchain/core'
import { evmCallArgs, evmCallPolicy, WEI } from '@capchain/evm'
import type { ProblemBody } from '@capchain/guard'
import { windowOf } from '@capchain/store/validate'
import { AbiFunction } from 'ox'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createWorld, ETH, grant, invoke, OWNER_KEY } from '../src/demo/world.js'
import type { World } from '../src/demo/world.js'
import { SmartAccount } from '../src/index.js'

let world: World
let revokeFirst = false

beforeAll(async () => {
  world = await createWorld((chain) => ({
    ...chain,
    async send(raw) {
      if (revokeFirst) {
        revokeFirst = false
        await world.transact(OWNER_KEY, world.account, AbiFunction.encodeData(AbiFunction.fromAbi(SmartAccount.abi, 'setExecutor'), ['0x0000000000000000000000000000000000000000']))
      }
      return chain.send(raw)
    },
  }))
}, 60_000)
afterAll(() => world.close())

it('refunds a call whose transaction reverts after its simulation passed (its use and its daily wei allowance); balances unchanged', async () => {
  const bot = await generateSigner('Ed25519')
  const delegation = await grant(world, bot, evmCallPolicy({ chain: 1, account: world.account, targets: [world.shop], maxValue: ETH / 10n, cap: { uses: 2, period: 86_400, amounts: { [WEI]: ETH / 20n } } }))
  const [account, shop] = [await world.chain.balance(world.account), await world.chain.balance(world.shop)]
  revokeFirst = true
  const response = await invoke(world, bot, [delegation], evmCallArgs({ chain: 1, account: world.account, target: world.shop, value: ETH / 20n, function: 'buy(uint256 item)', values: [1n] }))
  expect(response.status).toBe(422)
  const body = (await response.json()) as ProblemBody
  expect(body.code).toBe('ERR_EVM_TX_REVERTED')
  expect(await world.chain.balance(world.account)).toBe(account)
  expect(await world.chain.balance(world.shop)).toBe(shop)
  const cid = delegation.cid.toString()
  const usage = (await world.guard.config.store.ledger.usage([cid], windowOf({ period: 86_400 }, world.chain.now()))).get(cid)
  expect(usage?.uses ?? 0).toBe(0)
  expect(usage?.amounts?.[WEI] ?? 0n).toBe(0n)
})
