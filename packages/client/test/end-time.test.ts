/**
 * End times: `signIn`, `delegate` and `delegateEvm` take `expiresAt` (Unix
 * seconds or a `Date`) beside `expiresIn`, under the same names, read
 * against the client's clock. The token's `exp` is the end asked for (a
 * `Date`'s whole seconds), a grant's never past its session's. Near misses:
 * both given, an end not after the clock, an invalid `Date`, a lifetime that
 * is no positive whole number: each refused before the wallet is asked or
 * anything is issued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from '../../storage-service/test/support/service.js'
import type { TestService } from '../../storage-service/test/support/service.js'
import { TEST_PRIVATE_KEY } from '../../storage-service/test/support/wallet.js'
import { delegateEvm, evmSignInAbilities } from '../src/evm/index.js'
import type { EvmDelegateOptions } from '../src/evm/index.js'
import { ClientInputError, createClient, memoryStore } from '../src/index.js'
import type { CapchainClient, DelegateOptions, SignInOptions } from '../src/index.js'
import { localWallet } from '../src/local-wallet/index.js'
import { ACCOUNT, TRANSFER, USDC } from './support/evm.js'
import { grantHead, seconds, sessionRoot, T } from './support/time.js'

const HOUR = 3600
const EVM_GRANT: EvmDelegateOptions = { chain: 1, account: ACCOUNT, targets: [USDC], functions: [TRANSFER] }

let service: TestService
let client: CapchainClient

beforeAll(async () => {
  service = await startTestService()
  client = await createClient({ service: service.url, store: memoryStore(), serviceDid: service.did, now: () => T })
  await client.signIn(localWallet(TEST_PRIVATE_KEY), { expiresAt: T + 2 * HOUR, abilities: evmSignInAbilities({ chain: 1, account: ACCOUNT }) })
})
afterAll(async () => {
  await service.stop()
})

function refused(error: unknown, at: string): void {
  expect(error).toBeInstanceOf(ClientInputError)
  expect(error).toMatchObject({ code: 'ERR_CLIENT_INPUT', at })
}

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error,
  )
}

describe('expiresAt, as seconds or a Date', () => {
  it('signIn: the SIWE Expiration Time and the session end at it', async () => {
    const session = client.session()!
    expect(session.expiration).toBe(T + 2 * HOUR)
    expect(seconds(sessionRoot(session).fields.expirationTime)).toBe(T + 2 * HOUR)
    const fromDate = await createClient({ service: service.url, store: memoryStore(), now: () => T })
    // A Date's fraction of a second is dropped: exp is whole seconds, and never later than asked.
    const dated = await fromDate.signIn(localWallet(TEST_PRIVATE_KEY), { expiresAt: new Date((T + HOUR) * 1000 + 999) })
    expect(dated.expiration).toBe(T + HOUR)
  })

  it('delegate and delegateEvm: the same option, the same end, on the grant head', async () => {
    const storage = await client.delegate(client.did, { expiresAt: T + HOUR })
    const evm = await delegateEvm(client, client.did, { ...EVM_GRANT, expiresAt: new Date((T + HOUR) * 1000) })
    for (const grant of [storage, evm]) {
      expect(grant.expiration).toBe(T + HOUR)
      expect(grantHead(grant).payload.exp).toBe(T + HOUR)
    }
  })

  it("a grant asked to outlive its session ends with it, whichever option asked", async () => {
    const byEnd = await client.delegate(client.did, { expiresAt: T + 30 * 24 * HOUR })
    const byLifetime = await delegateEvm(client, client.did, { ...EVM_GRANT, expiresIn: 30 * 24 * HOUR })
    expect([byEnd.expiration, byLifetime.expiration]).toEqual([T + 2 * HOUR, T + 2 * HOUR])
  })
})

describe('near misses: refused before anything is signed', () => {
  const cases: readonly [string, SignInOptions & DelegateOptions, string][] = [
    ['both expiresIn and expiresAt', { expiresIn: HOUR, expiresAt: T + HOUR }, 'expiresAt'],
    ['an end at the clock', { expiresAt: T }, 'expiresAt'],
    ['an end before the clock', { expiresAt: new Date((T - 1) * 1000) }, 'expiresAt'],
    ['an invalid Date', { expiresAt: new Date(Number.NaN) }, 'expiresAt'],
    ['a fractional end', { expiresAt: T + 0.5 }, 'expiresAt'],
    ['a zero lifetime', { expiresIn: 0 }, 'expiresIn'],
    ['a negative lifetime', { expiresIn: -HOUR }, 'expiresIn'],
    ['a fractional lifetime', { expiresIn: 1.5 }, 'expiresIn'],
  ]

  it.each(cases)('%s', async (_, options, at) => {
    const wallet = localWallet(TEST_PRIVATE_KEY)
    const fresh = await createClient({ service: service.url, store: memoryStore(), now: () => T })
    refused(await refusal(() => fresh.signIn(wallet, options)), at)
    expect(wallet.signatures).toBe(0)
    expect(fresh.sessions()).toEqual([])

    const issued = client.issued().length
    refused(await refusal(() => client.delegate(client.did, options)), at)
    refused(await refusal(() => delegateEvm(client, client.did, { ...EVM_GRANT, ...options })), at)
    expect(client.issued()).toHaveLength(issued)
  })
})
