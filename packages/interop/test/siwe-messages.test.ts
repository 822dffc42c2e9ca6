/**
 * viem (`viem/siwe`) and npm `siwe` 3 ↔ capchain (`@capchain/siwe`): SIWE
 * messages with and without a ReCap render to the same text, parse to the
 * same fields each way, and their signatures verify each way. A SIWE root
 * made by capchain (`createSiweRoot`) is a message both peers accept.
 */
import type { SiweMessageFields } from '@capchain/siwe'
import { createSiweMessage, createSiweRoot, decodeRecap, encodeRecap, parseSiweMessage, recapStatement, verifySiweMessage, verifySiweRoot } from '@capchain/siwe'
import type { Recap } from '@capchain/siwe'
import { SiweMessage } from 'siwe'
import { createPublicClient, custom } from 'viem'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { mainnet } from 'viem/chains'
import { createSiweMessage as viemCreate, parseSiweMessage as viemParse, verifySiweMessage as viemVerify } from 'viem/siwe'
import { describe, expect, it } from 'vitest'

const account = privateKeyToAccount(generatePrivateKey())
const stranger = privateKeyToAccount(generatePrivateKey())
const SESSION = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'
const NOW = Date.parse('2026-12-05T08:30:00.000Z') / 1000

/**
 * A client whose node is never reached: viem verifies an EOA's signature by
 * ECDSA recovery when the call fails. No retries: viem's default three, with
 * backoff, waited about a second per verification for a node that is not there.
 */
const client = createPublicClient({
  chain: mainnet,
  transport: custom(
    {
      request: async () => {
        throw new Error('no node: EOA signatures only')
      },
    },
    { retryCount: 0 },
  ),
})

const RECAP: Recap = {
  att: { [`did:pkh:eip155:1:${account.address}`]: { 'storage/read': [{}], 'storage/write': [{ pol: [['like', '.path', '/photos/*']] }] } },
  prf: [],
} as Recap

const BASE: SiweMessageFields = {
  domain: 'photos.example',
  address: account.address,
  uri: SESSION,
  version: '1',
  chainId: 1,
  nonce: 'abcdefgh12345678',
  issuedAt: '2026-12-05T08:00:00.000Z',
}

const CASES: readonly { name: string; fields: SiweMessageFields }[] = [
  { name: 'the required fields only', fields: BASE },
  {
    name: 'every optional field',
    fields: {
      ...BASE,
      scheme: 'https',
      statement: 'Sign in to Photos.',
      expirationTime: '2026-12-06T08:00:00.000Z',
      notBefore: '2026-12-05T08:00:00.000Z',
      requestId: 'req-42',
      resources: ['ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/', 'https://photos.example/terms'],
    },
  },
  {
    name: 'a ReCap',
    fields: { ...BASE, statement: `Sign in to Photos. ${recapStatement(RECAP)}`, expirationTime: '2026-12-06T08:00:00.000Z', resources: [encodeRecap(RECAP)] },
  },
]

/** The fields as viem takes and gives them (times as Dates, chain id a number). */
function toViem(fields: SiweMessageFields): Parameters<typeof viemCreate>[0] {
  const { issuedAt, expirationTime, notBefore, resources, ...rest } = fields
  return {
    ...rest,
    address: rest.address as Hex,
    issuedAt: new Date(issuedAt),
    ...(expirationTime === undefined ? {} : { expirationTime: new Date(expirationTime) }),
    ...(notBefore === undefined ? {} : { notBefore: new Date(notBefore) }),
    ...(resources === undefined ? {} : { resources: [...resources] }),
  }
}

/** The fields as siwe 3 takes them. */
function toSiwe3(fields: SiweMessageFields): ConstructorParameters<typeof SiweMessage>[0] {
  const { resources, ...rest } = fields
  return { ...rest, ...(resources === undefined ? {} : { resources: [...resources] }) }
}

async function sign(text: string, by = account): Promise<Hex> {
  return by.signMessage({ message: text })
}

describe.each(CASES)('SIWE with $name', ({ fields }) => {
  it('all three render the same text', () => {
    const ours = createSiweMessage(fields)
    expect(viemCreate(toViem(fields))).toBe(ours)
    expect(new SiweMessage(toSiwe3(fields)).prepareMessage()).toBe(ours)
  })

  it('each parses the others\' text to the same fields', () => {
    const ours = createSiweMessage(fields)
    expect(parseSiweMessage(viemCreate(toViem(fields)))).toStrictEqual(fields)
    expect(parseSiweMessage(new SiweMessage(toSiwe3(fields)).prepareMessage())).toStrictEqual(fields)
    expect(viemParse(ours)).toStrictEqual(toViem(fields))
    const siwe3 = new SiweMessage(ours)
    for (const [key, value] of Object.entries(fields)) expect(siwe3[key as keyof SiweMessage], key).toStrictEqual(value)
  })

  it('a signature verifies in all three, whichever made the text; another account\'s in none', async () => {
    for (const text of [createSiweMessage(fields), viemCreate(toViem(fields)), new SiweMessage(toSiwe3(fields)).prepareMessage()]) {
      const signature = await sign(text)
      expect(verifySiweMessage(text, signature, { now: new Date(NOW * 1000), domain: fields.domain, nonce: fields.nonce })).toStrictEqual(fields)
      expect(await viemVerify(client, { message: text, signature, time: new Date(NOW * 1000) })).toBe(true)
      expect((await new SiweMessage(text).verify({ signature, time: new Date(NOW * 1000).toISOString() }, { suppressExceptions: true })).success).toBe(true)

      const forged = await sign(text, stranger)
      expect(() => verifySiweMessage(text, forged, { now: new Date(NOW * 1000) })).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE_INVALID' }))
      expect(await viemVerify(client, { message: text, signature: forged, time: new Date(NOW * 1000) })).toBe(false)
      expect((await new SiweMessage(text).verify({ signature: forged, time: new Date(NOW * 1000).toISOString() }, { suppressExceptions: true })).success).toBe(false)
    }
  })
})

it('a signature over the text with one field changed verifies in none of the three', async () => {
  const text = createSiweMessage(CASES[2]!.fields)
  const signature = await sign(text)
  const changed = text.replace('Nonce: abcdefgh12345678', 'Nonce: abcdefgh12345679')
  expect(() => verifySiweMessage(changed, signature, { now: new Date(NOW * 1000) })).toThrow(expect.objectContaining({ code: 'ERR_SIGNATURE_INVALID' }))
  expect(await viemVerify(client, { message: changed, signature, time: new Date(NOW * 1000) })).toBe(false)
  expect((await new SiweMessage(changed).verify({ signature, time: new Date(NOW * 1000).toISOString() }, { suppressExceptions: true })).success).toBe(false)
})

it('a SIWE root made by capchain, signed by a viem account, is a message viem and siwe 3 verify, and its ReCap decodes from either\'s parse', async () => {
  const root = await createSiweRoot({
    signMessage: (message) => account.signMessage({ message }),
    address: account.address,
    chainId: 1,
    domain: 'photos.example',
    uri: SESSION,
    capabilities: [{ command: '/storage/read', policy: [] }],
    statement: 'Sign in to Photos.',
    issuedAt: '2026-12-05T08:00:00.000Z',
    expirationTime: '2026-12-06T08:00:00.000Z',
  })
  const signature = `0x${Buffer.from(root.signature).toString('hex')}` as Hex
  expect(await viemVerify(client, { message: root.message, signature, domain: 'photos.example', time: new Date(NOW * 1000) })).toBe(true)
  expect((await new SiweMessage(root.message).verify({ signature, domain: 'photos.example', time: new Date(NOW * 1000).toISOString() })).success).toBe(true)
  const resources = viemParse(root.message).resources!
  expect(decodeRecap(resources.at(-1)!)).toStrictEqual(decodeRecap(root.fields.resources!.at(-1)!))
  expect(new SiweMessage(root.message).resources).toStrictEqual(resources)
  const link = await verifySiweRoot(root.cacao, { now: NOW, domains: ['photos.example'] })
  expect(link.capabilities).toStrictEqual([{ command: '/storage/read', policy: [] }])
})
