/**
 * `createClient({ now })`: every token the client makes is dated by its
 * clock. At a fixed clock the sign-in's Issued At and Expiration Time,
 * grants' `exp` (storage and EVM), invocations' and revocations' `iat` and
 * `exp` are the clock's; an EVM grant made at that time passes the real
 * guard at that time and is refused once it is over; a moving clock decides
 * which session is current. Near misses: the real service (on the system
 * clock) refuses what a clock in the past dated, and a clock answering no
 * whole seconds is refused before anything is signed.
 */
import type { Signer } from '@capchain/core/principal'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from '../../storage-service/test/support/service.js'
import type { TestService } from '../../storage-service/test/support/service.js'
import { TEST_PRIVATE_KEY } from '../../storage-service/test/support/wallet.js'
import { delegateEvm, evmSignInAbilities } from '../src/evm/index.js'
import { ClientInputError, createClient, DEFAULT_GRANT_LIFETIME, DEFAULT_SESSION_LIFETIME, INVOCATION_LIFETIME, memoryStore, NotSignedInError, ServiceError } from '../src/index.js'
import type { ClientOptions } from '../src/index.js'
import { localWallet } from '../src/local-wallet/index.js'
import { accepted, ACCOUNT, authorizeEvm, callArgs, deniedWith, invokeEvm, TRANSFER, USDC } from './support/evm.js'
import { grantHead, recordingFetch, seconds, sessionRoot, T } from './support/time.js'

/** The verifier's default allowance past every `exp` (DEFAULT_CLOCK_SKEW). */
const CLOCK_SKEW = 60

let service: TestService

beforeAll(async () => {
  service = await startTestService()
})
afterAll(async () => {
  await service.stop()
})

const clientAt = (now: () => number, options: Partial<ClientOptions> = {}) =>
  createClient({ service: service.url, store: memoryStore(), serviceDid: service.did, now, ...options })

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error,
  )
}

describe('a fixed clock dates every token', () => {
  it("the sign-in: the SIWE message's Issued At and Expiration Time, and the session record", async () => {
    const client = await clientAt(() => T)
    const session = await client.signIn(localWallet(TEST_PRIVATE_KEY))
    const root = sessionRoot(session)
    expect(seconds(root.fields.issuedAt)).toBe(T)
    expect(seconds(root.fields.expirationTime)).toBe(T + DEFAULT_SESSION_LIFETIME)
    expect(session.expiration).toBe(T + DEFAULT_SESSION_LIFETIME)
    expect(client.now()).toBe(T)
  })

  it("grants: a storage grant's and an EVM grant's exp, and when each was issued", async () => {
    const client = await clientAt(() => T)
    await client.signIn(localWallet(TEST_PRIVATE_KEY), { abilities: evmSignInAbilities({ chain: 1, account: ACCOUNT }) })
    const storage = await client.delegate(client.did, { paths: ['/shared'], expiresIn: 600 })
    const evm = await delegateEvm(client, client.did, { chain: 1, account: ACCOUNT, targets: [USDC], functions: [TRANSFER] })
    expect(storage).toMatchObject({ issuedAt: T, expiration: T + 600 })
    expect(grantHead(storage).payload.exp).toBe(T + 600)
    // Its default 7 days are cut at the session's end, a day after the clock.
    expect(DEFAULT_GRANT_LIFETIME).toBeGreaterThan(DEFAULT_SESSION_LIFETIME)
    expect(evm).toMatchObject({ issuedAt: T, expiration: T + DEFAULT_SESSION_LIFETIME })
    expect(grantHead(evm).payload.exp).toBe(T + DEFAULT_SESSION_LIFETIME)
  })

  it('an EVM grant made at the clock passes the real guard at that time, and is refused once over', async () => {
    const ownerStore = memoryStore()
    const owner = await clientAt(() => T, { store: ownerStore })
    const botStore = memoryStore()
    const bot = await clientAt(() => T, { store: botStore })
    const botKey: Signer = await botStore.key()
    await owner.signIn(localWallet(TEST_PRIVATE_KEY), { abilities: evmSignInAbilities({ chain: 1, account: ACCOUNT }) })
    const grant = await delegateEvm(owner, bot.did, { chain: 1, account: ACCOUNT, targets: [USDC], functions: [TRANSFER], expiresIn: 3600 })
    const held = { container: grant.container, chain: grant.witness }
    const target = { service: service.did, store: service.store }
    const call = async (at: number) => authorizeEvm(await invokeEvm(botKey, grant.subject, service.did, held, callArgs(), at), held, target, at)
    accepted(await call(T))
    accepted(await call(T + 3600 + CLOCK_SKEW))
    deniedWith(await call(T + 3600 + CLOCK_SKEW + 1), 'ERR_EXPIRED')
  })

  it("invocations and revocations carry the clock's iat and exp; the real service, on the system clock, refuses them", async () => {
    const { fetch, sent } = recordingFetch()
    const client = await clientAt(() => T, { fetch })
    await client.signIn(localWallet(TEST_PRIVATE_KEY))
    const grant = await client.delegate(client.did, { paths: ['/shared'] })
    expect(await refusal(() => client.storage.list('/shared'))).toBeInstanceOf(ServiceError)
    expect(await refusal(() => client.revoke(grant.cid))).toBeInstanceOf(ServiceError)
    expect(sent.map((invocation) => invocation.payload.cmd)).toEqual(['/storage/list', '/ucan/revoke'])
    for (const invocation of sent) expect(invocation.payload).toMatchObject({ iat: T, exp: T + INVOCATION_LIFETIME })
  })
})

describe('a moving clock', () => {
  it('decides which session is current: none once its end is reached', async () => {
    let now = T
    const client = await clientAt(() => now)
    const session = await client.signIn(localWallet(TEST_PRIVATE_KEY), { expiresIn: 3600 })
    now = T + 3599
    expect(client.session()?.cid).toBe(session.cid)
    now = T + 3600
    expect(client.session()).toBeUndefined()
    expect(await refusal(() => client.delegate(client.did))).toBeInstanceOf(NotSignedInError)
  })
})

describe('near misses', () => {
  it.each([T + 0.5, Number.NaN, -1])('a clock answering %s: refused before the wallet is asked', async (reading) => {
    const wallet = localWallet(TEST_PRIVATE_KEY)
    const client = await clientAt(() => reading)
    const error = await refusal(() => client.signIn(wallet))
    expect(error).toBeInstanceOf(ClientInputError)
    expect(error).toMatchObject({ code: 'ERR_CLIENT_INPUT', at: 'now' })
    expect(wallet.signatures).toBe(0)
  })
})
