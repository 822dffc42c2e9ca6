/**
 * `localWallet` (`@capchain/client/local-wallet`): its signatures are the
 * ones viem makes with the same key (RFC 6979, low S) and recover to its
 * address; a client signs in with it against a real service on a loopback
 * port. Near misses: keys of the wrong length, form or range (never echoed),
 * a chain id that is no chain, a method it does not answer, a signature
 * asked for another account or without its parameters.
 */
import { recoverPersonalSignAddress } from '@capchain/siwe'
import { verifyMessage } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestService } from '../../storage-service/test/support/service.js'
import type { TestService } from '../../storage-service/test/support/service.js'
import { TEST_PRIVATE_KEY } from '../../storage-service/test/support/wallet.js'
import { createClient, ClientInputError, memoryStore } from '../src/index.js'
import { InvalidPrivateKeyError, LOCAL_WALLET_METHODS, localWallet, UnauthorizedAccountError, UnsupportedMethodError } from '../src/local-wallet/index.js'

const OTHER_KEY = '0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f'
const account = privateKeyToAccount(TEST_PRIVATE_KEY)
const CURVE_ORDER = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error,
  )
}

describe('localWallet answers as a browser wallet would', () => {
  const wallet = localWallet(TEST_PRIVATE_KEY)

  it("has the key's address, on chain 1 unless told", async () => {
    expect(wallet.address).toBe(account.address)
    expect(await wallet.request({ method: 'eth_requestAccounts' })).toEqual([account.address])
    expect(await wallet.request({ method: 'eth_accounts' })).toEqual([account.address])
    expect(await wallet.request({ method: 'eth_chainId' })).toBe('0x1')
    expect(await localWallet({ privateKey: TEST_PRIVATE_KEY, chainId: 137 }).request({ method: 'eth_chainId' })).toBe('0x89')
  })

  it('takes the key as bytes, as 0x hex or as bare hex, and keeps its own copy', async () => {
    const bytes = Uint8Array.from(Buffer.from(TEST_PRIVATE_KEY.slice(2), 'hex'))
    const fromBytes = localWallet(bytes)
    bytes.fill(0)
    expect(fromBytes.address).toBe(account.address)
    expect(localWallet(TEST_PRIVATE_KEY.slice(2)).address).toBe(account.address)
    const hex = `0x${Buffer.from('copied').toString('hex')}`
    expect(await fromBytes.request({ method: 'personal_sign', params: [hex, account.address] })).toBe(await account.signMessage({ message: { raw: hex as `0x${string}` } }))
  })

  it("signs exactly viem's signature, for hex bytes and for text; each recovers to its address", async () => {
    const before = wallet.signatures
    for (const [data, message] of [
      ['0x48656c6c6f', { raw: '0x48656c6c6f' as const }],
      ['Sign in to app.example', 'Sign in to app.example'],
    ] as const) {
      const signature = (await wallet.request({ method: 'personal_sign', params: [data, account.address.toLowerCase()] })) as `0x${string}`
      expect(signature).toBe(await account.signMessage({ message }))
      expect(await verifyMessage({ address: account.address, message, signature })).toBe(true)
      expect(recoverPersonalSignAddress(typeof message === 'string' ? message : Buffer.from('Hello'), signature)).toBe(account.address)
    }
    expect(wallet.signatures).toBe(before + 2)
  })

  it('a client signs in with it, and the service accepts the session: one signature', async () => {
    const service: TestService = await startTestService()
    try {
      const signer = localWallet({ privateKey: TEST_PRIVATE_KEY, chainId: 10 })
      const client = await createClient({ service: service.url, store: memoryStore() })
      const session = await client.signIn(signer)
      expect(session.subject).toBe(`did:pkh:eip155:10:${account.address}`)
      await client.storage.put('/local/hello.txt', 'hi')
      expect((await client.storage.list('/local')).entries.map((entry) => entry.name)).toEqual(['hello.txt'])
      expect(signer.signatures).toBe(1)
    } finally {
      await service.stop()
    }
  })
})

describe('near misses', () => {
  it.each([
    [new Uint8Array(31), '31 bytes'],
    [TEST_PRIVATE_KEY.slice(0, 65), 'a string of 65 characters that is not 64 hex digits'],
    [`${TEST_PRIVATE_KEY}00`, 'a string of 68 characters that is not 64 hex digits'],
    [`0x${'zz'.repeat(32)}`, 'a string of 66 characters that is not 64 hex digits'],
    [`0x${'00'.repeat(32)}`, 'zero or a number not below the curve order'],
    [`0x${CURVE_ORDER}`, 'zero or a number not below the curve order'],
    [42, 'number'],
    [null, 'null'],
  ])('refuses the key %s, saying it got %s and what it accepts, never echoing it', (value, described) => {
    let error: unknown
    try {
      localWallet(value as string)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InvalidPrivateKeyError)
    expect(error).toMatchObject({ code: 'ERR_INVALID_PRIVATE_KEY', at: 'privateKey' })
    const message = (error as Error).message
    expect(message).toContain(`got ${described}:`)
    expect(message).toContain('32 bytes, or 64 hex digits')
    expect(message).not.toContain('4c0883a6')
  })

  it.each([0, -1, 1.5, Number.NaN])('refuses the chain id %s', (chainId) => {
    expect(() => localWallet({ privateKey: TEST_PRIVATE_KEY, chainId })).toThrow(ClientInputError)
  })

  it('refuses a method it does not answer with EIP-1193 4200, naming those it does', async () => {
    const error = await refusal(() => localWallet(TEST_PRIVATE_KEY).request({ method: 'eth_sendTransaction', params: [{}] }))
    expect(error).toBeInstanceOf(UnsupportedMethodError)
    expect(error).toMatchObject({ code: 'ERR_UNSUPPORTED_METHOD', rpcCode: 4200, at: 'eth_sendTransaction' })
    expect((error as Error).message).toContain(LOCAL_WALLET_METHODS.join(', '))
  })

  it('refuses to sign for another account, or without a message and account, with EIP-1193 4100 and no signature counted', async () => {
    const wallet = localWallet(TEST_PRIVATE_KEY)
    const other = privateKeyToAccount(OTHER_KEY).address
    for (const params of [['0x00', other], ['0x00'], undefined]) {
      const error = await refusal(() => wallet.request({ method: 'personal_sign', ...(params === undefined ? {} : { params }) }))
      expect(error).toBeInstanceOf(UnauthorizedAccountError)
      expect(error).toMatchObject({ code: 'ERR_UNAUTHORIZED_ACCOUNT', rpcCode: 4100 })
    }
    expect(wallet.signatures).toBe(0)
  })

  it("another key's wallet signs in as another subject", async () => {
    const other = localWallet(OTHER_KEY)
    expect(other.address).toBe(privateKeyToAccount(OTHER_KEY).address)
    expect(other.address).not.toBe(account.address)
  })
})
