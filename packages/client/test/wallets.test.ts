/**
 * `signIn` with every wallet kind an app may hold (issue 17): the test
 * EIP-1193 wallet, a viem local `Account`, a viem `WalletClient` over a
 * local account or over the EIP-1193 wallet, an ethers v6 `Wallet`, each signing with a real key; the
 * session is then used against a real service on a loopback port, so the
 * real verifier checks the SIWE root each one produced. Near misses: a
 * wallet whose signature is another key's, one claiming another address,
 * one with no chain, a malformed chain, and arguments that are no wallet.
 */
import { Wallet as EthersWallet, JsonRpcProvider, Network } from 'ethers'
import { createWalletClient, custom } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { polygon } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from '../../storage-service/test/support/service.js'
import type { TestService } from '../../storage-service/test/support/service.js'
import { TEST_PRIVATE_KEY, testWallet } from '../../storage-service/test/support/wallet.js'
import { createClient, memoryStore, ServiceError, UnsupportedWalletError } from '../src/index.js'
import type { Wallet } from '../src/index.js'

const OTHER_KEY = '0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f'
const address = privateKeyToAccount(TEST_PRIVATE_KEY).address

let service: TestService

beforeAll(async () => {
  service = await startTestService()
})
afterAll(async () => {
  await service.stop()
})

/** A new client signs in with `wallet`, then writes and lists through the service's verifier. */
async function signInAndUse(wallet: Wallet, chainId?: number) {
  const client = await createClient({ service: service.url, store: memoryStore() })
  const session = await client.signIn(wallet, chainId === undefined ? {} : { chainId })
  await client.storage.put('/kinds/hello.txt', 'hi')
  const listing = await client.storage.list('/kinds')
  return { session, client, names: listing.entries.map((entry) => entry.name) }
}

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error,
  )
}

/** A viem transport that fails every request: a local account must never reach it. */
const noNode = custom({
  request: ({ method }: { method: string }) => Promise.reject(new Error(`no node: ${method} was sent to the transport`)),
})

describe('signIn accepts every wallet kind, and the service accepts the session', () => {
  it('an EIP-1193 provider (window.ethereum)', async () => {
    const wallet = testWallet()
    const { session, names } = await signInAndUse(wallet)
    expect(session.subject).toBe(`did:pkh:eip155:1:${address}`)
    expect(names).toEqual(['hello.txt'])
    expect(wallet.signatures).toBe(1)
  })

  it('a viem local Account, on the chain the app names', async () => {
    const { session, names } = await signInAndUse(privateKeyToAccount(TEST_PRIVATE_KEY), 10)
    expect(session.subject).toBe(`did:pkh:eip155:10:${address}`)
    expect(names).toEqual(['hello.txt'])
  })

  it("a viem WalletClient with a local account, on its chain, never sending to its transport", async () => {
    const client = createWalletClient({ account: privateKeyToAccount(TEST_PRIVATE_KEY), chain: polygon, transport: noNode })
    const { session, names } = await signInAndUse(client)
    expect(session.subject).toBe(`did:pkh:eip155:137:${address}`)
    expect(names).toEqual(['hello.txt'])
  })

  it('a viem WalletClient over a browser wallet, with no account or chain of its own: both asked of the wallet', async () => {
    const wallet = testWallet()
    const client = createWalletClient({ transport: custom(wallet) })
    const { session, names } = await signInAndUse(client)
    expect(session.subject).toBe(`did:pkh:eip155:1:${address}`)
    expect(names).toEqual(['hello.txt'])
    expect(wallet.signatures).toBe(1)
  })

  it('an ethers v6 Wallet, with a provider for its chain or without one and a chainId', async () => {
    const provider = new JsonRpcProvider('http://127.0.0.1:9', undefined, { staticNetwork: Network.from(8453) })
    try {
      const onChain = await signInAndUse(new EthersWallet(TEST_PRIVATE_KEY, provider))
      expect(onChain.session.subject).toBe(`did:pkh:eip155:8453:${address}`)
      expect(onChain.names).toEqual(['hello.txt'])
    } finally {
      provider.destroy()
    }
    const alone = await signInAndUse(new EthersWallet(TEST_PRIVATE_KEY), 1)
    expect(alone.session.subject).toBe(`did:pkh:eip155:1:${address}`)
  })

  it('a session signed by a viem Account is revoked by the same kind, then refused', async () => {
    const account = privateKeyToAccount(TEST_PRIVATE_KEY)
    const { session, client } = await signInAndUse(account, 1)
    const receipt = await client.revoke(session.cid, { provider: account })
    expect(receipt).toMatchObject({ revoked: session.cid, recorded: true })
    const denied = await refusal(() => client.storageVia(session.cid).list('/kinds'))
    expect(denied).toBeInstanceOf(ServiceError)
    expect((denied as ServiceError).code).toBe('ERR_REVOKED')
  })
})

describe('near misses', () => {
  it("a wallet whose signature is another key's: signed in, but the service refuses the root", async () => {
    const honest = privateKeyToAccount(TEST_PRIVATE_KEY)
    const impostor = { address: honest.address, signMessage: privateKeyToAccount(OTHER_KEY).signMessage }
    const client = await createClient({ service: service.url, store: memoryStore() })
    await client.signIn(impostor, { chainId: 1 })
    const denied = await refusal(() => client.storage.list('/'))
    expect(denied).toBeInstanceOf(ServiceError)
    // Not this account's key, so it could only be a contract wallet's signature, which this service cannot check.
    expect(denied).toMatchObject({ code: 'ERR_ROOT_REJECTED', at: 'prf[0]' })
  })

  it('an ethers signer claiming an address its key does not hold: refused by the service', async () => {
    const key = new EthersWallet(TEST_PRIVATE_KEY)
    const claiming = { getAddress: async () => new EthersWallet(OTHER_KEY).address, signMessage: (message: string | Uint8Array) => key.signMessage(message) }
    const client = await createClient({ service: service.url, store: memoryStore() })
    await client.signIn(claiming, { chainId: 1 })
    const denied = await refusal(() => client.storage.put('/x.txt', 'x'))
    expect(denied).toBeInstanceOf(ServiceError)
    expect(denied).toMatchObject({ code: 'ERR_ROOT_REJECTED', at: 'prf[0]' })
  })

  it('a wallet with no chain of its own and no chainId: refused before any prompt', async () => {
    let prompts = 0
    const account = privateKeyToAccount(TEST_PRIVATE_KEY)
    const counted = { address: account.address, signMessage: (args: { message: { raw: `0x${string}` } }) => (prompts++, account.signMessage(args)) }
    const client = await createClient({ service: service.url, store: memoryStore() })
    const error = await refusal(() => client.signIn(counted))
    expect(error).toMatchObject({ code: 'ERR_WALLET_REQUEST', at: 'eth_chainId' })
    expect((error as Error).message).toContain('pass { chainId }')
    expect(prompts).toBe(0)
    expect(client.session()).toBeUndefined()
  })

  it('an EIP-1193 wallet answering a malformed chain id', async () => {
    const wallet = testWallet()
    const wrongChain = { request: (args: { method: string; params?: readonly unknown[] }) => (args.method === 'eth_chainId' ? Promise.resolve('0xzz') : wallet.request(args)) }
    const client = await createClient({ service: service.url, store: memoryStore() })
    expect(await refusal(() => client.signIn(wrongChain))).toMatchObject({ code: 'ERR_WALLET_REQUEST', at: 'eth_chainId' })
    expect(wallet.signatures).toBe(0)
  })

  it.each([
    ['0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318', 'a string'],
    [42, 'a number'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{ provider: {}, chain: 1 }, 'an object with keys provider, chain'],
    [{ request: 'eth_sign' }, 'an object with keys request'],
    [{ signMessage: () => '0x' }, 'an object with keys signMessage'],
    [new Map(), 'a Map with no keys'],
  ])('refuses %s, saying it got %s and what it accepts', async (value, described) => {
    const client = await createClient({ service: service.url, store: memoryStore() })
    const error = await refusal(() => client.signIn(value as unknown as Wallet))
    expect(error).toBeInstanceOf(UnsupportedWalletError)
    expect(error).toMatchObject({ code: 'ERR_UNSUPPORTED_WALLET', at: 'wallet' })
    const message = (error as Error).message
    expect(message).toContain(`got ${described}:`)
    expect(message).toContain('EIP-1193 provider')
    expect(message).toContain('ethers v6 Signer')
    // The value itself is never echoed: a wrong argument may be a private key.
    expect(message).not.toContain('4c0883a6')
  })
})
