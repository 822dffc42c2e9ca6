/**
 * The EVM demo's story, for `pnpm demo:evm` and its test: the user signs in
 * once through the client SDK with their wallet, one SIWE message granting
 * their files (`/storage`) and calls from their smart account (`/evm/call`),
 * and the client grants a shopping bot the example: "buy at most 2
 * items from this shop, at most 0.1 ETH each, at most 50 USDC a day, until
 * tomorrow". A grant holds one cap, so that is two grants: the shop's `buy`
 * (2 uses in all) and the token's `transfer` to the shop (50 USDC a day).
 * The bot acts while the user is offline, every near miss is refused with
 * its reason, the user revokes the shop grant, the allowance comes back the
 * next day (the chain's clock is moved, never waited for) while a replay
 * and a thief with the bot's grants are refused, everything has ended past
 * "tomorrow", and balances are read from the EVM.
 */
import { createClient, memoryStore } from '@capchain/client'
import { delegateEvm, evmSignInAbilities } from '@capchain/client/evm'
import { decodeContainer, generateSigner } from '@capchain/core'
import { decodeCacao } from '@capchain/siwe'
import { windowOf } from '@capchain/store/validate'
import { botActing, BUY, PAY } from './bot.js'
import { narrator } from './narrator.js'
import { createWorld, DEMO_DOMAIN, ETH, send, USDC } from './world.js'

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

    // "Until tomorrow": the end of the next UTC day, so the demo can cross one daily window inside the grants.
    const tomorrow = windowOf({ period: DAY }, world.chain.now()) + 2 * DAY
    // The client dates its tokens by the chain's clock, the executor's: what the demo moves, both see moved.
    const client = await createClient({ service: world.url, serviceDid: world.service.did(), store: memoryStore(), domain: DEMO_DOMAIN, now: () => world.chain.now() })
    const session = await client.signIn(world.wallet, { abilities: evmSignInAbilities({ chain: 1, account: world.account }), expiresAt: tomorrow })
    const [cacao] = decodeContainer(session.container).tokens
    say.note(`the wallet asks once; it shows: “${decodeCacao(cacao!).fields.statement ?? ''}”`)
    say.note(`the wallet signs one SIWE message for both /storage and /evm/call, to the client's key ${client.did}`)

    const bot = await generateSigner('Ed25519')
    const shopping = await delegateEvm(client, bot.did(), {
      chain: 1,
      account: world.account,
      targets: [world.shop],
      functions: [BUY],
      maxValue: ETH / 10n,
      limits: { uses: 2 },
      expiresAt: tomorrow,
    })
    const paying = await delegateEvm(client, bot.did(), {
      chain: 1,
      account: world.account,
      targets: [world.token],
      functions: [PAY],
      conditions: [['==', '.call.args.to', world.shop]],
      limits: { period: DAY, tokens: { [world.token]: 50n * USDC } },
      expiresAt: tomorrow,
    })
    say.note(`the client grants bot ${bot.did()}, with no further prompt:`)
    say.note(`  ${BUY} on the shop, at most 0.1 ETH a call, 2 items in all, until tomorrow (${shopping.cid})`)
    say.note(`  ${PAY} on the token to the shop only, at most 50 USDC a day, until tomorrow (${paying.cid})`)
    say.note('the user goes offline; the bot acts alone, with no wallet prompt')

    const { buy, pay, call, authorize } = botActing(world, bot, { shopping, paying })
    await say.step('the bot buys item 1 for 0.05 ETH', 'allow', () => buy(1n, ETH / 20n))
    await say.step('the bot pays the shop 30 USDC', 'allow', () => pay(world.shop, 30n * USDC))
    await say.step('the bot sends 0.01 ETH to the wallet’s own address', { code: 'ERR_POLICY_VIOLATION', why: 'another contract than the shop' }, () =>
      call(shopping, { target: world.owner, value: ETH / 100n }),
    )
    await say.step('the bot calls the shop’s setPrice', { code: 'ERR_POLICY_VIOLATION', why: 'another function than buy' }, () =>
      call(shopping, { target: world.shop, function: 'setPrice(uint256 item, uint256 weiPrice, uint256 tokenPrice)', values: [1n, 1n, 1n] }),
    )
    await say.step('the bot pays 10 USDC to the wallet’s own address', { code: 'ERR_POLICY_VIOLATION', why: 'another recipient than the shop' }, () =>
      pay(world.owner, 10n * USDC),
    )
    await say.step('the bot buys item 2 for 0.2 ETH', { code: 'ERR_EVM_LIMIT', why: 'over 0.1 ETH a call' }, () => buy(2n, ETH / 5n))
    await say.step('the bot pays the shop 20 USDC', 'allow', () => pay(world.shop, 20n * USDC))
    await say.step('the bot pays the shop 1 USDC more', { code: 'ERR_CAP_WINDOW_EXCEEDED', why: 'over 50 USDC today' }, () => pay(world.shop, USDC))
    await say.step('the bot buys item 1 again for 0.05 ETH', 'allow', () => buy(1n, ETH / 20n))
    await say.step('the bot buys a third item', { code: 'ERR_CAP_EXCEEDED', why: 'at most 2 items: the grant is used up' }, () => buy(1n, ETH / 20n))

    const revoked = await client.revoke(shopping.cid)
    say.note(`the user comes back and revokes the bot's shop grant with the client (POST /revoke, no prompt: ${revoked.recorded ? 'recorded' : 'already revoked'})`)
    await say.step('the bot buys item 1', { code: 'ERR_REVOKED', why: 'the shop grant was revoked' }, () => buy(1n, ETH / 20n))

    world.chain.advance(DAY - (world.chain.now() % DAY))
    say.note('a day passes on the chain’s clock (the executor’s clock too): a new daily window')
    const payment = await authorize(paying, { target: world.token, function: PAY, values: [world.shop, USDC] })
    await say.step('the bot pays the shop 1 USDC', 'allow', () => send(world, payment))
    await say.step('someone replays that request', { code: 'ERR_REPLAY', why: 'an invocation is executed once' }, () => send(world, payment))
    const thief = botActing(world, await generateSigner('Ed25519'), { shopping, paying })
    await say.step('a thief with a copy of the bot’s grants, but not its key, pays the shop 1 USDC', { code: 'ERR_PRINCIPAL_MISALIGNED', why: 'the grants name the bot’s key, not the thief’s' }, () =>
      thief.pay(world.shop, USDC),
    )
    await say.step('the bot buys item 1', { code: 'ERR_REVOKED', why: 'still revoked the next day' }, () => buy(1n, ETH / 20n))

    world.chain.advance(tomorrow + 3600 - world.chain.now())
    say.note('the chain’s clock moves past “tomorrow”, to 1 a.m. the day after: the session and the grants have ended')
    await say.step('the bot pays the shop 1 USDC', { code: 'ERR_ROOT_REJECTED', why: 'the sign-in expired “tomorrow”, and the grants under it' }, () => pay(world.shop, USDC))

    const [account, shop, accountTokens, shopTokens] = await Promise.all([
      world.chain.balance(world.account),
      world.chain.balance(world.shop),
      world.tokenBalance(world.account),
      world.tokenBalance(world.shop),
    ])
    say.note(`balances read from the EVM: account ${eth(account)} and ${usdc(accountTokens)}, shop ${eth(shop)} and ${usdc(shopTokens)}`)
    const paid = revoked.recorded && shop === ETH / 10n && account === 5n * ETH - ETH / 10n && shopTokens === 51n * USDC && accountTokens === 949n * USDC
    if (!paid) write('   the balances are not two purchases and 51 USDC paid, or the revocation was not recorded')
    write(say.failures === 0 && paid ? 'every outcome was the expected one' : `${say.failures} step(s) had another outcome than expected`)
    return say.failures + (paid ? 0 : 1)
  } finally {
    await world.close()
  }
}
