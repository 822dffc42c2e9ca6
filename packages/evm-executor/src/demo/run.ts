/**
 * The EVM demo's story, for `pnpm demo:evm` and its test: the user signs in
 * once with their wallet (SIWE with a ReCap) and the session key grants a
 * shopping bot "buy from this shop at most 0.1 ETH a call, pay it at most
 * 50 USDC a day, at most 4 calls a day, until tomorrow". The bot acts while
 * the user is offline, every near miss is refused with its reason, the
 * allowance comes back the next day (the chain's clock is moved, never
 * waited for), the user revokes, and balances are read from the EVM.
 */
import { createInvocation, encodeContainerString, generateSigner } from '@capchain/core'
import type { IPLDMap, Signer } from '@capchain/core'
import { erc20Dimension, EVM_CALL_COMMAND, evmCallArgs, evmCallPolicy } from '@capchain/evm'
import { createRevocation } from '@capchain/guard'
import { createSiweSession } from '@capchain/siwe'
import { windowOf } from '@capchain/store/validate'
import { narrator } from './narrator.js'
import { createWorld, DEMO_DOMAIN, ETH, send, USDC } from './world.js'

const BUY = 'buy(uint256 item)'
const PAY = 'transfer(address to, uint256 value)'
const DAY = 86_400
const eth = (wei: bigint): string => `${Number(wei) / 1e18} ETH`
const usdc = (units: bigint): string => `${Number(units) / 1e6} USDC`

/**
 * Run the story, writing it line by line.
 * @returns how many steps had another outcome than expected (0: all as expected)
 * @throws {Error} the world could not be set up
 */
export async function runEvmDemo(write: (line: string) => void): Promise<number> {
  const say = narrator(write)
  const world = await createWorld()
  try {
    say.title('capchain EVM demo: one wallet sign-in, then a bot spends from a smart account within what it was granted')
    say.note(`in-process EVM (chain 1) · token ${world.token} · shop ${world.shop}`)
    say.note(`the user's smart account ${world.account}, owned by wallet ${world.owner}, which authorised the executor key once (setExecutor)`)
    say.note(`executor POST ${world.url}/evm/call · service ${world.service.did()}`)

    // "Until tomorrow": the end of the next UTC day, so the demo can cross one daily window inside the grant.
    const tomorrow = windowOf({ period: DAY }, world.chain.now()) + 2 * DAY
    const session = await createSiweSession({
      provider: world.wallet,
      domain: DEMO_DOMAIN,
      chainId: 1,
      abilities: [{ command: EVM_CALL_COMMAND, policy: evmCallPolicy({ chain: 1, account: world.account }) }],
      expiresIn: tomorrow - world.chain.now(),
      now: new Date(world.chain.now() * 1000),
    })
    say.note(`the wallet signs one SIWE message (${session.root.message.split('\n').length} lines, its ReCap grants ${EVM_CALL_COMMAND} from the account) to session key ${session.key.did()}`)

    const bot = await generateSigner('Ed25519')
    const policy = evmCallPolicy({
      chain: 1,
      account: world.account,
      targets: [world.shop, world.token],
      functions: [BUY, PAY],
      maxValue: ETH / 10n,
      cap: { period: DAY, uses: 4, amounts: { [erc20Dimension(1, world.token)]: 50n * USDC } },
    })
    const shopping = await session.delegate({ to: bot.did(), command: EVM_CALL_COMMAND, policy, expiration: tomorrow })
    say.note(`the session grants bot ${bot.did()}: ${BUY} on the shop and ${PAY} on the token, at most 0.1 ETH a call, at most 50 USDC and 4 calls a day, until tomorrow (${shopping.delegation.cid.toString()})`)
    say.note('the user goes offline; the bot acts alone, with no wallet prompt')

    const held = [session.root.cacao, shopping.delegation.bytes]
    const proofs = [session.root.cid, shopping.delegation.cid]
    const act = async (args: IPLDMap, by: Signer = bot): Promise<Response> => {
      const invocation = await createInvocation({ issuer: by, subject: session.subject, audience: world.service.did(), command: EVM_CALL_COMMAND, args, proofs, expiration: world.chain.now() + 60 })
      return send(world, `UCAN ${encodeContainerString([invocation.bytes, ...held])}`)
    }
      const call = (target: string, fn: string, values: readonly unknown[], value = 0n) => evmCallArgs({ chain: 1, account: world.account, target, value, function: fn, values })
    const buy = (item: bigint, value: bigint) => call(world.shop, BUY, [item], value)
    const pay = (amount: bigint) => call(world.token, PAY, [world.shop, amount])

    await say.step('the bot buys item 1 for 0.05 ETH', 'allow', () => act(buy(1n, ETH / 20n)))
    await say.step('the bot pays the shop 30 USDC', 'allow', () => act(pay(30n * USDC)))
    await say.step('the bot sends 0.01 ETH to the wallet’s own address', { code: 'ERR_POLICY_VIOLATION', why: 'another contract than the shop and the token' }, () =>
      act(evmCallArgs({ chain: 1, account: world.account, target: world.owner, value: ETH / 100n })),
    )
    await say.step('the bot calls the shop’s setPrice', { code: 'ERR_POLICY_VIOLATION', why: 'another function than buy and transfer' }, () =>
      act(call(world.shop, 'setPrice(uint256 item, uint256 weiPrice, uint256 tokenPrice)', [1n, 1n, 1n])),
    )
    await say.step('the bot buys item 2 for 0.2 ETH', { code: 'ERR_EVM_LIMIT', why: 'over 0.1 ETH a call' }, () => act(buy(2n, ETH / 5n)))
    await say.step('the bot pays the shop 20 USDC', 'allow', () => act(pay(20n * USDC)))
    await say.step('the bot pays the shop 1 USDC more', { code: 'ERR_CAP_WINDOW_EXCEEDED', why: 'over 50 USDC today' }, () => act(pay(USDC)))

    world.chain.advance(DAY - (world.chain.now() % DAY))
    say.note('a day passes on the chain’s clock (the executor’s clock too): a new daily window')
    await say.step('the bot pays the shop 1 USDC', 'allow', () => act(pay(USDC)))

    const revocation = await createRevocation({ issuer: session.key, service: world.service.did(), path: [session.root, shopping.delegation], expiration: world.chain.now() + 60 })
    const revoked = await fetch(`${world.url}/revoke`, { method: 'POST', headers: { authorization: `UCAN ${encodeContainerString([revocation.bytes, ...held])}` } })
    say.note(`the user comes back and revokes the bot's grant with the session key (POST /revoke: ${revoked.status})`)
    await say.step('the bot buys item 1', { code: 'ERR_REVOKED', why: 'the grant was revoked' }, () => act(buy(1n, ETH / 20n)))

    const [account, shop, accountTokens, shopTokens] = await Promise.all([
      world.chain.balance(world.account),
      world.chain.balance(world.shop),
      world.tokenBalance(world.account),
      world.tokenBalance(world.shop),
    ])
    say.note(`balances read from the EVM: account ${eth(account)} and ${usdc(accountTokens)}, shop ${eth(shop)} and ${usdc(shopTokens)}`)
    const paid = revoked.ok && shop === ETH / 20n && account === 5n * ETH - ETH / 20n && shopTokens === 51n * USDC && accountTokens === 949n * USDC
    if (!paid) write('   the balances are not one purchase and 51 USDC paid, or the revocation was refused')
    write(say.failures === 0 && paid ? 'every outcome was the expected one' : `${say.failures} step(s) had another outcome than expected`)
    return say.failures + (paid ? 0 : 1)
  } finally {
    await world.close()
  }
}
