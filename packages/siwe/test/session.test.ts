/**
 * `createSiweSession` against an EIP-1193 wallet backed by a local private
 * key (viem's local account), counting every signature request: one sign-in,
 * then delegations and invocations that never touch the wallet.
 */
import { createInvocation, decodeContainer, decodeDelegation, generateSigner } from '@capchain/core'
import type { Signer } from '@capchain/core'
import { createVerifier, explain } from '@capchain/verifier'
import { privateKeyToAccount } from 'viem/accounts'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSiweSession, siweRootFormat } from '../src/index.js'
import type { Eip1193Provider, SiweSession } from '../src/index.js'

const PRIVATE_KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'

/** A wallet as a dapp sees it: `request` only, counting `personal_sign` prompts. */
function testWallet(options: { refuse?: boolean } = {}) {
  const account = privateKeyToAccount(PRIVATE_KEY)
  const wallet = {
    signatures: 0,
    account,
    async request({ method, params }: { method: string; params?: readonly unknown[] }): Promise<unknown> {
      switch (method) {
        case 'eth_requestAccounts':
          return [account.address]
        case 'eth_chainId':
          return '0x1'
        case 'personal_sign': {
          wallet.signatures += 1
          if (options.refuse) throw new Error('User rejected the request.')
          const [data, address] = params as [`0x${string}`, string]
          if (address.toLowerCase() !== account.address.toLowerCase()) throw new Error('unknown account')
          return account.signMessage({ message: { raw: data } })
        }
        default:
          throw new Error(`unsupported method ${method}`)
      }
    },
  }
  return wallet satisfies Eip1193Provider & { signatures: number }
}

const verifier = createVerifier({ rootFormats: [siweRootFormat({ domains: ['photos.example'] })] })
let wallet: ReturnType<typeof testWallet>
let session: SiweSession
let agent: Signer
let service: Signer

beforeAll(async () => {
  wallet = testWallet()
  agent = await generateSigner('Ed25519')
  service = await generateSigner('Ed25519')
  session = await createSiweSession({
    provider: wallet,
    domain: 'photos.example',
    abilities: [
      { command: '/storage/read', policy: [['like', '.path', '/photos/*']] },
      { command: '/storage/write', policy: [['<=', '.size', 1048576]] },
    ],
    expiresIn: 3600,
    statement: 'Sign in to Photos.',
  })
})

describe('createSiweSession', () => {
  it('asks the wallet for exactly one signature, naming the session key as the SIWE URI', () => {
    expect(wallet.signatures).toBe(1)
    expect(session.root.fields.uri).toBe(session.key.did())
    expect(session.subject).toBe(`did:pkh:eip155:1:${wallet.account.address}`)
    expect(session.root.message).toContain("I further authorize the stated URI to perform the following actions on my behalf:")
  })

  it('invokes, delegates and lets a sub-agent invoke, with no further wallet prompt', async () => {
    const own = await session.invoke({ command: '/storage/write', args: { path: '/photos/a.jpg', size: 1000 }, audience: service.did() })
    const ownResult = await verifier.verifyInvocation(own.invocation.bytes, { proofs: decodeContainer(own.container).tokens, audience: service.did() })
    expect(ownResult.ok, ownResult.ok ? '' : explain(ownResult)).toBe(true)

    const { container } = await session.delegate({ to: agent.did(), command: '/storage/read', policy: [['like', '.path', '/photos/shared/*']] })
    const tokens = decodeContainer(container).tokens
    const rootBytes = tokens.find((token) => token[0] === 0xa3)
    const delegationBytes = tokens.find((token) => token[0] === 0x82)
    expect(rootBytes).toEqual(session.root.cacao)
    const delegation = decodeDelegation(delegationBytes!)
    const read = await createInvocation({
      issuer: agent,
      subject: session.subject,
      audience: service.did(),
      command: '/storage/read',
      args: { path: '/photos/shared/b.jpg' },
      proofs: [session.root.cid, delegation.cid],
      expiration: session.expiration,
    })
    const readResult = await verifier.verifyInvocation(read.bytes, { proofs: [rootBytes!, delegationBytes!], audience: service.did() })
    expect(readResult.ok, readResult.ok ? '' : explain(readResult)).toBe(true)

    const outside = await createInvocation({
      issuer: agent,
      subject: session.subject,
      audience: service.did(),
      command: '/storage/read',
      args: { path: '/photos/private/c.jpg' },
      proofs: [session.root.cid, delegation.cid],
      expiration: session.expiration,
    })
    const outsideResult = await verifier.verifyInvocation(outside.bytes, { proofs: [rootBytes!, delegationBytes!] })
    expect(outsideResult.ok).toBe(false)
    if (!outsideResult.ok) expect(outsideResult.error.code).toBe('ERR_POLICY_VIOLATION')

    expect(wallet.signatures).toBe(1)
  })

  it('never delegates past the session expiry', async () => {
    const { delegation } = await session.delegate({ to: agent.did(), command: '/storage/read', expiration: session.expiration + 86_400 })
    expect(delegation.payload.exp).toBe(session.expiration)
  })

  it('reports a refused signature as a typed wallet error', async () => {
    await expect(
      createSiweSession({ provider: testWallet({ refuse: true }), domain: 'photos.example', abilities: [{ command: '/storage/read', policy: [] }], expiresIn: 60 }),
    ).rejects.toMatchObject({ code: 'ERR_WALLET_REQUEST', at: 'personal_sign' })
  })

  it('refuses abilities that cannot form a root before prompting the wallet', async () => {
    const counting = testWallet()
    await expect(
      createSiweSession({ provider: counting, domain: 'photos.example', abilities: [{ command: '/', policy: [] }], expiresIn: 60 }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_/) })
    expect(counting.signatures).toBe(0)
  })
})
