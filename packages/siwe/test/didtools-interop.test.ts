/**
 * Interoperability with Ceramic's CACAO implementation, `@didtools/cacao`
 * 3.0.1 and its Ethereum signer/verifier `@didtools/pkh-ethereum` 0.6.0 (dev
 * dependencies; they install and run here).
 *
 * Two differences from CAIP-74 as we write it, both handled on our side:
 * - didtools writes the signature `s.s` as a `0x` hex string (CAIP-74 says
 *   bytes); we read both, and write hex on request (`signatureEncoding: 'hex'`);
 *   its verifier reads only hex (it calls `s.s.replace`), so it cannot verify
 *   a CAIP-74 bytes signature, ours or anyone's;
 * - its Ethereum auth method puts the address in `p.iss` in lowercase while
 *   the wallet signs the EIP-55 form; we read one-case addresses per EIP-55.
 */
import { Cacao, CacaoBlock, SiweMessage } from '@didtools/cacao'
import { EthereumNodeAuth, getEIP191Verifier } from '@didtools/pkh-ethereum'
import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { cacaoIdentity, createSiweRoot, createSiweSession, decodeCacao, encodeRecap, recapStatement, verifySiweRoot } from '../src/index.js'
import { personalSign, SECRET_KEY_ADDRESS } from './helpers.js'
import { NOW, PHOTOS_READ_POLICY, PHOTOS_WRITE_POLICY, photosRecap, rootFields, SESSION, SUBJECT } from './root-helpers.js'

const decoder = new TextDecoder()

/** An EIP-1193 provider whose wallet is our fixed test key: `personal_sign` of hex-encoded UTF-8, as MetaMask does it. */
const provider = {
  async request({ method, params }: { method: string; params: unknown[] }): Promise<unknown> {
    if (method !== 'personal_sign') throw new Error(`unexpected ${method}`)
    const [data, address] = params as [string, string]
    expect(address.toLowerCase()).toBe(SECRET_KEY_ADDRESS.toLowerCase())
    return `0x${bytesToHex(personalSign(decoder.decode(hexToBytes(data.slice(2)))))}`
  },
}

describe('@didtools/cacao → capchain', () => {
  it('verifies a CACAO made by the Ceramic Ethereum auth flow as a SIWE root', async () => {
    // A CAIP-10 account; didtools makes its own AccountId from these two fields.
    const account = { address: SECRET_KEY_ADDRESS, chainId: 'eip155:1' }
    const authMethod = await EthereumNodeAuth.getAuthMethod(provider, account as never, 'photos.example')
    const recap = photosRecap()
    const cacao = await authMethod({
      uri: SESSION.did(),
      statement: `Sign in to Photos. ${recapStatement(recap)}`,
      resources: [encodeRecap(recap)],
    })
    const block = await CacaoBlock.fromCacao(cacao)

    const now = Math.floor(Date.now() / 1000)
    const link = await verifySiweRoot(block.bytes, { now, domains: ['photos.example'], expectedCid: block.cid.toString() })
    expect(link.cid.toString()).toBe(block.cid.toString())
    expect([link.iss, link.aud]).toStrictEqual([SUBJECT, SESSION.did()])
    expect(link.capabilities.map((c) => c.command)).toStrictEqual(['/storage/read', '/storage/write'])
    // The identity is the signed message's, whatever encoding didtools chose.
    expect(link.identity.toString()).toBe(cacaoIdentity(link.siwe).toString())
    // The message we rebuilt is the one didtools had the wallet sign.
    expect(link.message).toBe(SiweMessage.fromCacao(cacao).signMessage({ eip55: true }))
    await Cacao.verify(cacao, { verifiers: getEIP191Verifier(), atTime: new Date(now * 1000) })
  })

  it('verifies a CACAO made with Cacao.fromSiweMessage from a SIWE message text', async () => {
    const fields = rootFields()
    const siwe = new SiweMessage({ ...fields, chainId: String(fields.chainId), resources: [...(fields.resources ?? [])] })
    const text = siwe.signMessage({ eip55: true })
    siwe.signature = `0x${bytesToHex(personalSign(text))}`
    const block = await CacaoBlock.fromCacao(Cacao.fromSiweMessage(siwe))
    const link = await verifySiweRoot(block.bytes, { now: NOW })
    expect(link.message).toBe(text)
    expect(link.cid.toString()).toBe(block.cid.toString())
    expect(decodeCacao(block.bytes).signature.encoding).toBe('hex')
  })
})

describe('capchain → @didtools/cacao', () => {
  const input = {
    signMessage: async (message: string) => personalSign(message),
    address: SECRET_KEY_ADDRESS,
    chainId: 1,
    domain: 'photos.example',
    uri: SESSION.did(),
    capabilities: [
      { command: '/storage/read', policy: PHOTOS_READ_POLICY },
      { command: '/storage/write', policy: PHOTOS_WRITE_POLICY },
    ],
    issuedAt: '2025-01-01T00:00:00Z',
    expirationTime: '2025-01-02T00:00:00Z',
  }

  it('decodes our CACAO bytes to the same block and the same message', async () => {
    const root = await createSiweRoot(input)
    const cacao = await Cacao.fromBlockBytes(root.cacao)
    const block = await CacaoBlock.fromCacao(cacao)
    expect(block.cid.toString()).toBe(root.cid.toString())
    expect(block.bytes).toStrictEqual(root.cacao)
    expect(SiweMessage.fromCacao(cacao).signMessage({ eip55: true })).toBe(root.message)
    expect(cacao.p.iss).toBe(SUBJECT)
  })

  it("verifies our hex-encoded CACAO with didtools' EIP-191 verifier; the CAIP-74 bytes form it cannot read", async () => {
    const atTime = new Date('2025-01-01T12:00:00Z')
    const hex = await Cacao.fromBlockBytes((await createSiweRoot({ ...input, signatureEncoding: 'hex' })).cacao)
    await expect(Cacao.verify(hex, { verifiers: getEIP191Verifier(), atTime })).resolves.toBeUndefined()
    const bytes = await Cacao.fromBlockBytes((await createSiweRoot(input)).cacao)
    await expect(Cacao.verify(bytes, { verifiers: getEIP191Verifier(), atTime })).rejects.toThrow(TypeError)
  })

  it("createSiweSession({ signatureEncoding: 'hex' }) gives a session whose root didtools' verifier accepts, and so do we", async () => {
    const wallet = {
      async request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
        if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [SECRET_KEY_ADDRESS]
        if (method === 'eth_chainId') return '0x1'
        return provider.request({ method, params: params ?? [] })
      },
    }
    const session = await createSiweSession({
      provider: wallet,
      domain: 'photos.example',
      abilities: [{ command: '/storage/read', policy: PHOTOS_READ_POLICY }],
      expiresIn: 3600,
      signatureEncoding: 'hex',
    })
    expect(decodeCacao(session.root.cacao).signature.encoding).toBe('hex')
    const cacao = await Cacao.fromBlockBytes(session.root.cacao)
    await expect(Cacao.verify(cacao, { verifiers: getEIP191Verifier(), atTime: new Date() })).resolves.toBeUndefined()
    const link = await verifySiweRoot(session.root.cacao, { now: Math.floor(Date.now() / 1000), domains: ['photos.example'] })
    expect(link.iss).toBe(session.subject)
  })
})
