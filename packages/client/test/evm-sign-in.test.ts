/**
 * One consent for files and on-chain actions: `signIn({ abilities })` with
 * `evmSignInAbilities` asks the wallet for one signature, whose message
 * shows the grant in words and as ReCap text, and whose session both writes
 * a file on the real service and passes an EVM call through the real guard,
 * until it is revoked by its CID.
 */
import { decodeContainer } from '@capchain/core'
import { decodeCacao } from '@capchain/siwe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from '../../storage-service/test/support/service.js'
import type { TestService } from '../../storage-service/test/support/service.js'
import { testWallet } from '../../storage-service/test/support/wallet.js'
import { evmSignInAbilities } from '../src/evm/index.js'
import { createClient, memoryStore, ServiceError, UnsupportedWalletError } from '../src/index.js'
import type { SessionRecord } from '../src/index.js'
import { accepted, ACCOUNT, authorizeEvm, BUY, callArgs, deniedWith, invokeEvm, SHOP } from './support/evm.js'

let service: TestService

beforeAll(async () => {
  service = await startTestService()
})
afterAll(async () => {
  await service.stop()
})

/** The code of the service's refusal `run` ends in. */
async function rejected(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ServiceError)) throw error ?? new Error('expected a refusal')
  return error.code
}

const statementOf = (session: SessionRecord) => decodeCacao(decodeContainer(session.container).tokens[0]!).fields.statement

describe('signIn with EVM abilities', () => {
  it('asks for one signature whose session writes a file and makes an EVM call', async () => {
    const store = memoryStore()
    const client = await createClient({ service: service.url, store, serviceDid: service.did })
    const wallet = testWallet()
    const session = await client.signIn(wallet, { abilities: evmSignInAbilities({ chain: 1, account: ACCOUNT }) })
    expect(wallet.signatures).toBe(1)
    expect(statementOf(session)).toBe(
      `Sign in to the storage service at ${new URL(service.url).host}. Send transactions from the account ${ACCOUNT} on eip155:1, as far as each grant of this session allows. ` +
        `I further authorize the stated URI to perform the following actions on my behalf: (1) 'evm': 'call' for '${session.subject}'. (2) 'storage': '*' for '${session.subject}'.`,
    )
    expect(await client.storage.put('/both.txt', 'files and calls')).toEqual({ path: '/both.txt', size: 15 })
    const held = { container: session.container, chain: [session.cid] }
    const key = await store.key()
    const buy = await invokeEvm(key, session.subject, service.did, held, callArgs({ target: SHOP, function: BUY, values: [1n] }))
    await accepted(await authorizeEvm(buy, held, { service: service.did, store: service.store })).reservation.refund()
    const elsewhere = await invokeEvm(key, session.subject, service.did, held, callArgs({ account: '0x9999999999999999999999999999999999999999' }))
    deniedWith(await authorizeEvm(elsewhere, held, { service: service.did, store: service.store }), 'ERR_EVM_ARGS_INVALID')
  })

  it("grants /evm ('evm': '*') when typed data is asked for too, and says so", async () => {
    const client = await createClient({ service: service.url, store: memoryStore(), serviceDid: service.did })
    const session = await client.signIn(testWallet(), { abilities: evmSignInAbilities({ chain: 1, account: ACCOUNT, typedData: true }) })
    expect(statementOf(session)).toContain('and sign EIP-712 typed data for it')
    expect(statementOf(session)).toContain(`(1) 'evm': '*' for '${session.subject}'`)
  })

  it('keeps the wallet errors: something that is not a wallet is ERR_UNSUPPORTED_WALLET, nothing signed', async () => {
    const client = await createClient({ service: service.url, store: memoryStore(), serviceDid: service.did })
    const notAWallet = { address: ACCOUNT } as never
    await expect(client.signIn(notAWallet, { abilities: evmSignInAbilities({ chain: 1 }) })).rejects.toBeInstanceOf(UnsupportedWalletError)
    expect(client.session()).toBeUndefined()
  })

  it('refuses a bad chain or account before the wallet is asked', () => {
    expect(() => evmSignInAbilities({ chain: 'eip155:01' })).toThrow(expect.objectContaining({ code: 'ERR_EVM_ARGS_INVALID' }))
    expect(() => evmSignInAbilities({ chain: 1, account: '0x12' })).toThrow(expect.objectContaining({ code: 'ERR_EVM_ARGS_INVALID' }))
  })

  it('revokes a session with several abilities by its CID (one more prompt); its files and EVM calls, its own and its grants’, are then refused by the service', async () => {
    const store = memoryStore()
    const client = await createClient({ service: service.url, store, serviceDid: service.did })
    const wallet = testWallet()
    const session = await client.signIn(wallet, { abilities: evmSignInAbilities({ chain: 1, account: ACCOUNT }) })
    // The same records in another tab, which does not learn of the revocation: what it sends, the service judges.
    const twin = await createClient({ service: service.url, store, serviceDid: service.did })
    const agent = await createClient({ service: service.url, store: memoryStore(), serviceDid: service.did })
    await agent.importDelegation((await client.delegate(agent.did, { paths: ['/shared'] })).container)
    expect(await twin.storage.put('/shared/a.txt', 'before')).toEqual({ path: '/shared/a.txt', size: 6 })
    expect((await agent.storage.list('/shared')).entries.map((entry) => entry.name)).toEqual(['a.txt'])
    const held = { container: session.container, chain: [session.cid] }
    const key = await store.key()
    const buy = () => invokeEvm(key, session.subject, service.did, held, callArgs({ target: SHOP, function: BUY, values: [1n] }))
    await accepted(await authorizeEvm(await buy(), held, { service: service.did, store: service.store })).reservation.refund()

    expect(await client.revoke(session.cid, { provider: wallet })).toMatchObject({ revoked: session.cid, revoker: session.subject, recorded: true })
    expect(wallet.signatures).toBe(2)
    expect(await rejected(() => twin.storage.put('/shared/b.txt', 'after'))).toBe('ERR_REVOKED')
    expect(await rejected(() => agent.storage.list('/shared'))).toBe('ERR_REVOKED')
    deniedWith(await authorizeEvm(await buy(), held, { service: service.did, store: service.store }), 'ERR_REVOKED')
    expect(await twin.revoke(session.cid, { provider: wallet })).toMatchObject({ revoked: session.cid, recorded: false })
  })

  it('still revokes a storage-only session by its CID', async () => {
    const client = await createClient({ service: service.url, store: memoryStore(), serviceDid: service.did })
    const wallet = testWallet()
    const session = await client.signIn(wallet)
    expect(await client.revoke(session.cid, { provider: wallet })).toMatchObject({ revoked: session.cid, recorded: true })
  })
})
