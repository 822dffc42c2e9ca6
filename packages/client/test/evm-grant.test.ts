/**
 * `delegateEvm` end to end: a wallet signs in once with storage and EVM
 * abilities, the client grants a bot calls from the user's smart account
 * (targets, functions, an argument bound, a per-call value, a daily USDC
 * allowance), and the bot's invocations go through the real guard with the
 * evm profile's requirement, on the real storage service's SQLite store.
 * Every accept has its near-misses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from '../../storage-service/test/support/service.js'
import type { TestService } from '../../storage-service/test/support/service.js'
import { testWallet } from '../../storage-service/test/support/wallet.js'
import { delegateEvm, evmSignInAbilities } from '../src/evm/index.js'
import { createClient, memoryStore } from '../src/index.js'
import type { CapchainClient, IssuedRecord } from '../src/index.js'
import type { Signer } from '@capchain/core/principal'
import { accepted, ACCOUNT, APPROVE, authorizeEvm, BUY, callArgs, DAY, deniedWith, invokeEvm, MERCHANT, OTHER, SHOP, TRANSFER, USDC } from './support/evm.js'
import type { Held } from './support/evm.js'

const TENTH_ETH = 10n ** 17n
const FIFTY_USDC = 50_000_000n

let service: TestService
let owner: CapchainClient
let bot: CapchainClient
let botKey: Signer
let subAgent: CapchainClient
let subKey: Signer
let grant: IssuedRecord

const held = (record: { container: string; witness: readonly string[] }): Held => ({ container: record.container, chain: record.witness })
const target = () => ({ service: service.did, store: service.store })
const botCall = async (record: IssuedRecord, args = callArgs(), now?: number) =>
  authorizeEvm(await invokeEvm(botKey, record.subject, service.did, held(record), args), held(record), target(), now)

beforeAll(async () => {
  service = await startTestService()
  const botStore = memoryStore()
  const subStore = memoryStore()
  ;[owner, bot, subAgent] = await Promise.all([
    createClient({ service: service.url, store: memoryStore(), serviceDid: service.did }),
    createClient({ service: service.url, store: botStore, serviceDid: service.did }),
    createClient({ service: service.url, store: subStore, serviceDid: service.did }),
  ])
  ;[botKey, subKey] = await Promise.all([botStore.key(), subStore.key()])
  await owner.signIn(testWallet(), { abilities: evmSignInAbilities({ chain: 1, account: ACCOUNT }) })
  grant = await delegateEvm(owner, bot.did, {
    chain: 1,
    account: ACCOUNT,
    targets: [SHOP, USDC],
    functions: [BUY, TRANSFER],
    uint: [['<=', '.call.args.item', '10', BUY]],
    maxValue: TENTH_ETH,
    limits: { period: DAY, tokens: { [USDC]: FIFTY_USDC } },
    expiresIn: 3600,
  })
})
afterAll(async () => {
  await service.stop()
})

describe('delegateEvm', () => {
  it('returns an issued record like delegate: kept, exportable, hanging from the session root', () => {
    expect(owner.issued()).toContainEqual(grant)
    expect(owner.exportDelegation(grant.cid)).toBe(grant.container)
    expect(grant).toMatchObject({ audience: bot.did, subject: owner.session()!.subject, paths: [], ops: [], revoked: false })
    expect(grant.witness).toEqual([owner.session()!.cid, grant.cid])
  })

  it("lets the bot buy within the grant and spend the day's allowance; the guard charges it", async () => {
    const buy = accepted(await botCall(grant, callArgs({ target: SHOP, function: BUY, values: [3n], value: TENTH_ETH })))
    await buy.reservation.commit()
    const pay = accepted(await botCall(grant, callArgs({ values: [MERCHANT, FIFTY_USDC] })))
    await pay.reservation.commit()
  })

  it('refuses the near-misses: another target, another function, value over, an argument over its bound, the allowance exhausted', async () => {
    deniedWith(await botCall(grant, callArgs({ target: OTHER, function: BUY, values: [1n] })), 'ERR_POLICY_VIOLATION')
    deniedWith(await botCall(grant, callArgs({ function: APPROVE, values: [MERCHANT, 1n] })), 'ERR_POLICY_VIOLATION')
    deniedWith(await botCall(grant, callArgs({ target: SHOP, function: BUY, values: [1n], value: TENTH_ETH + 1n })), 'ERR_EVM_LIMIT')
    deniedWith(await botCall(grant, callArgs({ target: SHOP, function: BUY, values: [11n] })), 'ERR_EVM_LIMIT')
    deniedWith(await botCall(grant, callArgs({ values: [MERCHANT, 1n] })), 'ERR_CAP_WINDOW_EXCEEDED')
  })

  it('refuses a wrong signer, a replayed invocation and a call after expiry', async () => {
    const outsider = memoryStore()
    const stolen = await invokeEvm(await outsider.key(), grant.subject, service.did, held(grant), callArgs({ target: SHOP, function: BUY, values: [1n] }))
    deniedWith(await authorizeEvm(stolen, held(grant), target()), 'ERR_PRINCIPAL_MISALIGNED')
    const once = await invokeEvm(botKey, grant.subject, service.did, held(grant), callArgs({ target: SHOP, function: BUY, values: [1n] }))
    await accepted(await authorizeEvm(once, held(grant), target())).reservation.refund()
    deniedWith(await authorizeEvm(once, held(grant), target()), 'ERR_REPLAY')
    const late = grant.expiration + 120
    const after = await invokeEvm(botKey, grant.subject, service.did, held(grant), callArgs({ target: SHOP, function: BUY, values: [1n] }))
    deniedWith(await authorizeEvm(after, held(grant), target(), late), 'ERR_EXPIRED')
  })

  it("re-delegates narrower from an imported grant (the sub-agent's call is allowed); a wider allowance is refused, a wider value or target grants nothing", async () => {
    const imported = await bot.importDelegation(grant.container)
    const narrower = await delegateEvm(bot, subAgent.did, { chain: 1, account: ACCOUNT, targets: [SHOP], functions: [BUY], via: imported.cid, limits: { uses: 1 } })
    expect(narrower.witness).toEqual([...grant.witness, narrower.cid])
    const call = async (args = callArgs({ target: SHOP, function: BUY, values: [2n] })) =>
      authorizeEvm(await invokeEvm(subKey, narrower.subject, service.did, held(narrower), args), held(narrower), target())
    await accepted(await call()).reservation.commit()
    deniedWith(await call(), 'ERR_CAP_EXCEEDED')
    await expect(
      delegateEvm(bot, subAgent.did, { chain: 1, via: imported.cid, limits: { period: DAY, tokens: { [USDC]: 2n * FIFTY_USDC } } }),
    ).rejects.toMatchObject({ code: 'ERR_CAP_GRANT_EXCEEDED' })
    // A wider per-call value and another target are signed (only caps are compared at issue), but grant nothing: the parent's policy still applies.
    const wider = await delegateEvm(bot, subAgent.did, { chain: 1, targets: [SHOP, OTHER], maxValue: 10n * TENTH_ETH, via: imported.cid })
    const widerCall = async (args: ReturnType<typeof callArgs>) =>
      authorizeEvm(await invokeEvm(subKey, wider.subject, service.did, held(wider), args), held(wider), target())
    deniedWith(await widerCall(callArgs({ target: SHOP, function: BUY, values: [1n], value: TENTH_ETH + 1n })), 'ERR_EVM_LIMIT')
    deniedWith(await widerCall(callArgs({ target: OTHER, function: BUY, values: [1n] })), 'ERR_POLICY_VIOLATION')
  })

  it('is revoked with the existing revoke path: the service records it, the guard on the same store denies', async () => {
    const short = await delegateEvm(owner, bot.did, { chain: 1, account: ACCOUNT, targets: [SHOP], functions: [BUY] })
    await accepted(await botCall(short, callArgs({ target: SHOP, function: BUY, values: [1n] }))).reservation.refund()
    expect(await owner.revoke(short.cid)).toMatchObject({ revoked: short.cid, recorded: true })
    deniedWith(await botCall(short, callArgs({ target: SHOP, function: BUY, values: [1n] })), 'ERR_REVOKED')
  })

  it('refuses bad input before signing: a token limit on a non-address, an empty target list, no session, a session without an EVM ability', async () => {
    await expect(delegateEvm(owner, bot.did, { chain: 1, limits: { tokens: { usdc: 1n } } })).rejects.toMatchObject({ code: 'ERR_CLIENT_INPUT' })
    await expect(delegateEvm(owner, bot.did, { chain: 1, targets: [] })).rejects.toMatchObject({ code: 'ERR_EVM_STATEMENT_INVALID' })
    await expect(delegateEvm(subAgent, bot.did, { chain: 1 })).rejects.toMatchObject({ code: 'ERR_NOT_SIGNED_IN' })
    const storageOnly = await createClient({ service: service.url, store: memoryStore(), serviceDid: service.did })
    await storageOnly.signIn(testWallet())
    await expect(delegateEvm(storageOnly, bot.did, { chain: 1 })).rejects.toMatchObject({ code: 'ERR_CLIENT_INPUT' })
    expect(storageOnly.issued()).toEqual([])
  })
})
