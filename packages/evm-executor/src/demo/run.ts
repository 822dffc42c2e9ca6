/**
 * The EVM demo's story, for `pnpm demo:evm` and its test: the user's smart
 * account on an in-process EVM, the user's key grants a shopping bot
 * "buy from this shop, at most 2 items, at most 0.1 ETH each, until
 * tomorrow", the bot buys while the user is away, and every near miss is
 * refused with its reason. Balances are read from the EVM at the end.
 */
import { generateSigner } from '@capchain/core'
import { evmCallArgs, evmCallPolicy } from '@capchain/evm'
import { AbiFunction } from 'ox'
import { SmartAccount } from '../contracts/artifacts.js'
import { narrator } from './narrator.js'
import { createWorld, ETH, grant, invoke, OWNER_KEY, USDC } from './world.js'

const BUY = 'buy(uint256 item)'
const DAY = 86_400
const eth = (wei: bigint): string => `${Number(wei) / 1e18} ETH`

/**
 * Run the story, writing it line by line.
 * @returns how many steps had another outcome than expected (0: all as expected)
 * @throws {Error} the world could not be set up
 */
export async function runEvmDemo(write: (line: string) => void): Promise<number> {
  const say = narrator(write)
  const world = await createWorld()
  try {
    say.title('capchain EVM demo: a bot spends from a smart account within what it was granted')
    say.note(`in-process EVM (chain 1) · token ${world.token} · shop ${world.shop}`)
    say.note(`the user's smart account ${world.account}, owned by wallet ${world.owner}, which authorised the executor key once (setExecutor)`)
    say.note(`executor POST ${world.url}/evm/call · service ${world.service.did()}`)
    const bot = await generateSigner('Ed25519')
    const policy = evmCallPolicy({ chain: 1, account: world.account, targets: [world.shop], functions: [BUY], maxValue: ETH / 10n, cap: { uses: 2 } })
    const shopping = await grant(world, bot, policy, world.chain.now() + DAY)
    say.note(`the user grants bot ${bot.did()}: ${BUY} on the shop only, at most 0.1 ETH a call, at most 2 purchases, until tomorrow (${shopping.cid.toString()})`)
    say.note('the user goes offline; the bot acts alone')
    const buy = (item: bigint, value: bigint) => evmCallArgs({ chain: 1, account: world.account, target: world.shop, value, function: BUY, values: [item] })

    await say.step('the bot buys item 1 for 0.05 ETH', 'allow', () => invoke(world, bot, [shopping], buy(1n, ETH / 20n)))
    await say.step('the bot sends 10 USDC from the token contract to itself', { code: 'ERR_POLICY_VIOLATION', why: 'another contract than the shop' }, () =>
      invoke(world, bot, [shopping], evmCallArgs({ chain: 1, account: world.account, target: world.token, function: 'transfer(address to, uint256 amount)', values: [world.owner, 10n * USDC] })),
    )
    await say.step('the bot calls the shop’s setPrice', { code: 'ERR_POLICY_VIOLATION', why: 'another function than buy' }, () =>
      invoke(world, bot, [shopping], evmCallArgs({ chain: 1, account: world.account, target: world.shop, function: 'setPrice(uint256 item, uint256 weiPrice, uint256 tokenPrice)', values: [1n, 1n, 1n] })),
    )
    await say.step('the bot buys item 2 for 0.2 ETH', { code: 'ERR_EVM_LIMIT', why: 'over 0.1 ETH a call' }, () => invoke(world, bot, [shopping], buy(2n, ETH / 5n)))
    await say.step('the bot offers 0.04 ETH for item 1 (the price is 0.05)', { code: 'ERR_EVM_SIMULATION_FAILED', why: 'the call reverts when simulated: nothing sent, the use given back' }, () =>
      invoke(world, bot, [shopping], buy(1n, ETH / 25n)),
    )
    await say.step('the bot buys item 1 again', 'allow', () => invoke(world, bot, [shopping], buy(1n, ETH / 20n)))
    await say.step('the bot buys a third item', { code: 'ERR_CAP_EXCEEDED', why: 'at most 2 purchases' }, () => invoke(world, bot, [shopping], buy(1n, ETH / 20n)))

    await world.transact(OWNER_KEY, world.account, AbiFunction.encodeData(AbiFunction.fromAbi(SmartAccount.abi, 'setExecutor'), ['0x0000000000000000000000000000000000000000']))
    say.note('the owner comes back and revokes the executor on chain (setExecutor(0)); the user grants a second bot, too late')
    const second = await generateSigner('Ed25519')
    const late = await grant(world, second, policy, world.chain.now() + DAY)
    await say.step('the second bot buys item 1', { code: 'ERR_EVM_SIMULATION_FAILED', why: 'the account no longer lets the executor call' }, () => invoke(world, second, [late], buy(1n, ETH / 20n)))

    const [account, shop] = await Promise.all([world.chain.balance(world.account), world.chain.balance(world.shop)])
    say.note(`balances read from the EVM: account ${eth(account)}, shop ${eth(shop)} (2 items at 0.05 ETH), account tokens ${Number(await world.tokenBalance(world.account)) / 1e6} USDC`)
    const paid = shop === ETH / 10n && account === 5n * ETH - ETH / 10n
    if (!paid) write('   the balances are not the two purchases')
    write(say.failures === 0 && paid ? 'every outcome was the expected one' : `${say.failures} step(s) had another outcome than expected`)
    return say.failures + (paid ? 0 : 1)
  } finally {
    await world.close()
  }
}
