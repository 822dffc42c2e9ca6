/** SIWE roots: createSiweRoot → CACAO → verifySiweRoot, and every near miss with its typed error. */
import { dagCborCid } from '@capchain/core'
import { signerFromSecret } from '@capchain/core/principal'
import { evaluatePolicy } from '@capchain/policy'
import { bytesToHex } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import {
  cacaoIdentity,
  createSiweRoot,
  decodeCacao,
  encodeRecap,
  recapStatement,
  rootForCommand,
  verifySiweRoot,
  type CreateSiweRootInput,
  type SiweMessageFields,
} from '../src/index.js'
import { personalSign, SECRET_KEY_ADDRESS, thrown } from './helpers.js'
import {
  edited,
  EXPIRES,
  NOT_BEFORE,
  NOW,
  OTHER_KEY,
  PHOTOS_READ_POLICY,
  PHOTOS_WRITE_POLICY,
  photosRecap,
  rejection,
  rootFields,
  SESSION,
  signedCacao,
  SUBJECT,
} from './root-helpers.js'

const CREATE: CreateSiweRootInput = {
  signMessage: async (message) => personalSign(message),
  address: SECRET_KEY_ADDRESS,
  chainId: 1,
  domain: 'photos.example',
  uri: SESSION.did(),
  capabilities: [
    { command: '/storage/read', policy: PHOTOS_READ_POLICY },
    { command: '/storage/write', policy: PHOTOS_WRITE_POLICY },
  ],
  statement: 'Sign in to Photos.',
  nonce: 'n0nce12345',
  issuedAt: '2025-01-01T00:00:00Z',
  notBefore: '2025-01-01T00:00:00Z',
  expirationTime: new Date('2025-01-02T00:00:00Z'),
}

describe('createSiweRoot → verifySiweRoot', () => {
  it('makes a root the verifier accepts, with the mapped capabilities and bounds', async () => {
    const root = await createSiweRoot(CREATE)
    expect(root.message).toBe(decodeCacao(root.cacao).message)
    expect(root.signatureType).toBe('eip191')
    expect(root.cid.toString()).toBe(dagCborCid(root.cacao).toString())
    // The wallet was shown the grant: the statement ends with the ReCap text.
    expect(root.fields.statement).toBe(`Sign in to Photos. ${recapStatement(photosRecap())}`)
    expect(root.fields.resources).toStrictEqual([encodeRecap(photosRecap())])

    const link = await verifySiweRoot(root.cacao, { now: NOW })
    expect(link.cid.toString()).toBe(root.cid.toString())
    expect(link.identity.toString()).toBe(cacaoIdentity(root.fields).toString())
    expect(link.identity.toString()).not.toBe(link.cid.toString())
    expect(link.iss).toBe(SUBJECT)
    expect(link.sub).toBe(SUBJECT)
    expect(link.aud).toBe(SESSION.did())
    expect(link.capabilities).toStrictEqual([
      { command: '/storage/read', policy: PHOTOS_READ_POLICY },
      { command: '/storage/write', policy: PHOTOS_WRITE_POLICY },
    ])
    expect([link.nbf, link.exp]).toStrictEqual([NOT_BEFORE, EXPIRES])
    expect(link.signer).toBe('eoa')
    expect(link.message).toBe(root.message)
    expect(link.siwe).toStrictEqual(root.fields)
    expect(Object.isFrozen(link) && Object.isFrozen(link.capabilities) && Object.isFrozen(link.capabilities[0]?.policy)).toBe(true)
  })

  it('accepts the decoded CACAO in place of the bytes, and checks a claimed CID', async () => {
    const root = await createSiweRoot(CREATE)
    const decoded = decodeCacao(root.cacao)
    expect((await verifySiweRoot(decoded, { now: NOW, expectedCid: root.cid })).cid).toBe(decoded.cid)
    const other = signedCacao(rootFields({ nonce: 'another1nonce' }))
    const error = await rejection(verifySiweRoot(root.cacao, { now: NOW, expectedCid: other.cid.toString() }))
    expect([error.code, error.cid]).toStrictEqual(['ERR_CACAO_CID_MISMATCH', root.cid.toString()])
  })

  it('does not trust a look-alike of a decoded CACAO', async () => {
    const decoded = decodeCacao((await createSiweRoot(CREATE)).cacao)
    const forged = { ...decoded, fields: { ...decoded.fields, uri: 'did:key:z6MkForged' } }
    expect((await rejection(verifySiweRoot(forged as never, { now: NOW }))).code).toBe('ERR_CACAO_MALFORMED')
  })

  it('takes the address in any case, normalizes it to EIP-55, and refuses a broken checksum', async () => {
    const root = await createSiweRoot({ ...CREATE, address: SECRET_KEY_ADDRESS.toLowerCase() })
    expect(root.fields.address).toBe(SECRET_KEY_ADDRESS)
    expect((await verifySiweRoot(root.cacao, { now: NOW })).iss).toBe(SUBJECT)
    const broken = SECRET_KEY_ADDRESS.replace('c', 'C')
    expect((await rejection(createSiweRoot({ ...CREATE, address: broken }))).code).toBe('ERR_SIWE_ADDRESS_INVALID')
  })

  it('defaults the nonce (random) and issued-at (now)', async () => {
    const input = { ...CREATE, nonce: undefined, issuedAt: undefined }
    const [a, b] = await Promise.all([createSiweRoot(input), createSiweRoot(input)])
    expect(a.fields.nonce).toMatch(/^[0-9a-f]{32}$/)
    expect(a.fields.nonce).not.toBe(b.fields.nonce)
    expect(Math.abs(Date.parse(a.fields.issuedAt) - Date.now())).toBeLessThan(60_000)
  })

  it('normalizes a wallet v of 0/1 to 27/28, and gives a re-encoding of one signed message one identity', async () => {
    const low = await createSiweRoot({
      ...CREATE,
      signMessage: async (message) => {
        const signature = personalSign(message)
        return `0x${bytesToHex(signature.subarray(0, 64))}0${(signature[64] as number) - 27}`
      },
    })
    expect([27, 28]).toContain(low.signature[64])
    const canonical = await verifySiweRoot(low.cacao, { now: NOW })

    // The same signed message, re-encoded: caip122 header, hex signature, v = 0/1.
    const variant = edited(low.cacao, (c) => {
      c.h = { t: 'caip122' }
      const v = (low.signature[64] as number) - 27
      c.s = { t: 'eip191', s: `0x${bytesToHex(low.signature.subarray(0, 64))}0${v}` }
    })
    const link = await verifySiweRoot(variant, { now: NOW })
    expect(link.cid.toString()).not.toBe(canonical.cid.toString())
    expect(link.identity.toString()).toBe(canonical.identity.toString())
  })

  it('writes the Ceramic hex form on request, which verifies the same', async () => {
    const hex = await createSiweRoot({ ...CREATE, signatureEncoding: 'hex' })
    const bytes = await createSiweRoot(CREATE)
    expect(hex.message).toBe(bytes.message)
    const link = await verifySiweRoot(hex.cacao, { now: NOW })
    expect(link.cid.toString()).toBe(hex.cid.toString())
    expect(link.identity.toString()).toBe((await verifySiweRoot(bytes.cacao, { now: NOW })).identity.toString())
  })

  it('refuses to build what the verifier would refuse: no capabilities, a URI that is not a did:key, forged statements', async () => {
    expect((await rejection(createSiweRoot({ ...CREATE, capabilities: [] }))).code).toBe('ERR_SIWE_ROOT_CAPABILITY_INVALID')
    expect((await rejection(createSiweRoot({ ...CREATE, uri: 'https://photos.example' }))).code).toBe('ERR_SIWE_URI_NOT_DID_KEY')
    const injected = await rejection(createSiweRoot({ ...CREATE, statement: 'Hi.\n\nURI: did:key:z6MkAttacker' }))
    expect([injected.code, injected.at]).toStrictEqual(['ERR_SIWE_MALFORMED', 'statement'])
    const preamble = await rejection(createSiweRoot({ ...CREATE, statement: recapStatement({ att: { [SUBJECT]: { 'storage/*': [{}] } }, prf: [] }) }))
    expect(preamble.code).toBe('ERR_RECAP_STATEMENT_MISMATCH')
    expect((await rejection(createSiweRoot({ ...CREATE, signMessage: async () => 'nope' }))).code).toBe('ERR_SIGNATURE_INVALID')
  })
})

describe('rootForCommand', () => {
  it('picks the one capability covering the next command, by whole segments', async () => {
    const link = await verifySiweRoot(
      (await createSiweRoot({ ...CREATE, capabilities: [{ command: '/storage', policy: [] }, { command: '/account/read', policy: [] }] })).cacao,
      { now: NOW },
    )
    expect(rootForCommand(link, '/storage/write/photos')).toStrictEqual({ command: '/storage', policy: [] })
    expect(rootForCommand(link, '/storage').command).toBe('/storage')
    expect(rootForCommand(link, '/account/read').command).toBe('/account/read')
    for (const command of ['/storagex', '/account', '/', '/accounts/read']) {
      const error = thrown(() => rootForCommand(link, command))
      expect([command, error.code, error.cid]).toStrictEqual([command, 'ERR_SIWE_ROOT_COMMAND_NOT_GRANTED', link.cid.toString()])
    }
    expect(thrown(() => rootForCommand(link, 'storage')).code).toBe('ERR_COMMAND_INVALID')
  })

  it('hands the verifier the policy to hold on the invocation arguments', async () => {
    const link = await verifySiweRoot((await createSiweRoot(CREATE)).cacao, { now: NOW })
    const write = rootForCommand(link, '/storage/write')
    expect(evaluatePolicy(write.policy as never, { path: '/photos/cat.jpg', size: 1024 }).ok).toBe(true)
    expect(evaluatePolicy(write.policy as never, { path: '/photos/cat.jpg', size: 10485761 }).ok).toBe(false)
    expect(evaluatePolicy(write.policy as never, { path: '/docs/cv.pdf', size: 1 }).ok).toBe(false)
    const read = rootForCommand(link, '/storage/read')
    expect(evaluatePolicy(read.policy as never, { path: '/photos/2024/cat.jpg' }).ok).toBe(true)
    expect(evaluatePolicy(read.policy as never, { path: '/private/diary.txt' }).ok).toBe(false)
  })
})

describe('verifySiweRoot near misses', () => {
  const verify = (bytes: Uint8Array, options: Partial<Parameters<typeof verifySiweRoot>[1]> = {}) =>
    verifySiweRoot(bytes, { now: NOW, ...options })
  const expectError = async (promise: Promise<unknown>, code: string, at?: string) => {
    const error = await rejection(promise)
    expect({ code: error.code, at: error.at }).toStrictEqual({ code, at })
    return error
  }

  it('refuses a signature by another key', async () => {
    const error = await expectError(verify(signedCacao(rootFields(), { key: OTHER_KEY }).bytes), 'ERR_SIGNATURE_INVALID', 's.s')
    expect(error.message).toContain(`not ${SECRET_KEY_ADDRESS}`)
  })

  it('verifies a CACAO whose issuer address is lowercase (as Ceramic writes it) under the EIP-55 subject', async () => {
    const { bytes, cid } = signedCacao(rootFields())
    const lower = edited(bytes, (c) => ((c.p as Record<string, unknown>).iss = SUBJECT.toLowerCase()))
    const link = await verify(lower)
    expect([link.iss, link.sub]).toStrictEqual([SUBJECT, SUBJECT])
    expect(link.cid.toString()).not.toBe(cid.toString())
    expect(link.identity.toString()).toBe((await verify(bytes)).identity.toString())
  })

  it('refuses a valid signature carried over to an edited payload', async () => {
    const { bytes } = signedCacao(rootFields())
    const moved = edited(bytes, (c) => ((c.p as Record<string, unknown>).nonce = 'n0nce12346'))
    await expectError(verify(moved), 'ERR_SIGNATURE_INVALID', 's.s')
  })

  it('refuses an eip1271 signature when no contract checker is configured', async () => {
    await expectError(verify(signedCacao(rootFields(), { signatureType: 'eip1271' }).bytes), 'ERR_CONTRACT_SIGNATURE_UNAVAILABLE', 's.s')
  })

  it('refuses a URI that is not exactly a did:key', async () => {
    for (const uri of ['https://photos.example/login', 'did:web:photos.example', `${SESSION.did()}#key-1`, 'did:key:zNotBase58Key0OIl']) {
      await expectError(verify(signedCacao(rootFields({ uri })).bytes), 'ERR_SIWE_URI_NOT_DID_KEY', 'p.aud')
    }
    // A did:key of another supported type is fine: the next link is signed by that key.
    const p256 = signerFromSecret('P-256', new Uint8Array(32).fill(3))
    expect((await verify(signedCacao(rootFields({ uri: p256.did() })).bytes)).aud).toBe(p256.did())
  })

  it('refuses a domain the service does not trust, comparing exactly', async () => {
    const { bytes } = signedCacao(rootFields())
    expect((await verify(bytes, { domains: ['photos.example', 'other.example'] })).siwe.domain).toBe('photos.example')
    await expectError(verify(bytes, { domains: ['evil.example'] }), 'ERR_SIWE_DOMAIN_MISMATCH', 'p.domain')
    await expectError(verify(bytes, { domains: ['Photos.example'] }), 'ERR_SIWE_DOMAIN_MISMATCH', 'p.domain')
    await expectError(verify(bytes, { domains: [] }), 'ERR_SIWE_DOMAIN_MISMATCH', 'p.domain')
  })

  it('bounds the root by Expiration Time and Not Before, inclusive of the skew at both edges', async () => {
    const { bytes } = signedCacao(rootFields())
    expect((await verify(bytes, { now: EXPIRES + 60 })).exp).toBe(EXPIRES)
    await expectError(verify(bytes, { now: EXPIRES + 61 }), 'ERR_SIWE_EXPIRED', 'p.exp')
    await expectError(verify(bytes, { now: EXPIRES + 1, clockSkew: 0 }), 'ERR_SIWE_EXPIRED', 'p.exp')
    expect((await verify(bytes, { now: EXPIRES, clockSkew: 0 })).exp).toBe(EXPIRES)
    expect((await verify(bytes, { now: NOT_BEFORE - 60 })).nbf).toBe(NOT_BEFORE)
    await expectError(verify(bytes, { now: NOT_BEFORE - 61 }), 'ERR_SIWE_NOT_YET_VALID', 'p.nbf')
    await expectError(verify(bytes, { now: NOT_BEFORE - 1, clockSkew: 0 }), 'ERR_SIWE_NOT_YET_VALID', 'p.nbf')
  })

  it('rounds fractional times inward and ignores Issued At', async () => {
    const fields = rootFields({ notBefore: '2025-01-01T00:00:00.001Z', expirationTime: '2025-01-01T23:59:59.999Z', issuedAt: '2030-01-01T00:00:00Z' })
    const link = await verify(signedCacao(fields).bytes)
    expect([link.nbf, link.exp]).toStrictEqual([NOT_BEFORE + 1, EXPIRES - 1])
    const open = await verify(signedCacao(rootFields({ notBefore: undefined, expirationTime: undefined })).bytes)
    expect([open.nbf, open.exp]).toStrictEqual([undefined, null])
    expect('nbf' in open).toBe(false)
  })

  it('refuses bad options', async () => {
    const { bytes } = signedCacao(rootFields())
    await expectError(verify(bytes, { now: 1.5 }), 'ERR_SIWE_OPTION_INVALID', 'now')
    await expectError(verify(bytes, { clockSkew: -1 }), 'ERR_SIWE_OPTION_INVALID', 'clockSkew')
    await expectError(verify(bytes, { domains: 'photos.example' as never }), 'ERR_SIWE_OPTION_INVALID', 'domains')
  })

  it('refuses a root without a ReCap', async () => {
    const fields: SiweMessageFields = { ...rootFields(), statement: 'Sign in to Photos.', resources: ['https://photos.example/terms'] }
    await expectError(verify(signedCacao(fields).bytes), 'ERR_RECAP_MISSING', 'p.resources')
    const bare: SiweMessageFields = { ...rootFields(), statement: 'Sign in to Photos.', resources: undefined }
    await expectError(verify(signedCacao(bare).bytes), 'ERR_RECAP_MISSING', 'p.resources')
  })

  it('refuses a ReCap that is not the last resource, or that appears twice', async () => {
    const fields = rootFields()
    const recap = fields.resources?.[0] as string
    const notLast = { ...fields, resources: [recap, 'https://photos.example/terms'] }
    await expectError(verify(signedCacao(notLast).bytes), 'ERR_RECAP_INVALID', 'p.resources[0]')
    const twice = { ...fields, resources: [recap, recap] }
    await expectError(verify(signedCacao(twice).bytes), 'ERR_RECAP_INVALID', 'p.resources[1]')
  })

  it('refuses a statement that does not show the grant the ReCap makes', async () => {
    const fields = rootFields()
    const lesser = { ...fields, statement: `Sign in. ${recapStatement({ att: { [SUBJECT]: { 'storage/read': [{}] } }, prf: [] })}` }
    await expectError(verify(signedCacao(lesser).bytes), 'ERR_RECAP_STATEMENT_MISMATCH', 'p.statement')
    const doubled = { ...fields, statement: `${recapStatement({ att: { [SUBJECT]: { 'storage/read': [{}] } }, prf: [] })} ${fields.statement}` }
    await expectError(verify(signedCacao(doubled).bytes), 'ERR_RECAP_STATEMENT_MISMATCH', 'p.statement')
  })

  it('names the CACAO path and the CID in a ReCap decoding error', async () => {
    const fields = rootFields()
    const broken = { ...fields, resources: [`${fields.resources?.[0]}x`] }
    const { bytes, cid } = signedCacao(broken)
    const error = await expectError(verify(bytes), 'ERR_RECAP_INVALID', 'p.resources[0]')
    expect(error.cid).toBe(cid.toString())
  })

  it('refuses bad blocks before looking at the signature', async () => {
    const { bytes } = signedCacao(rootFields())
    await expectError(verify(Uint8Array.of(...bytes, 0)), 'ERR_CBOR_MALFORMED', undefined)
    await expectError(verify(bytes, { maxBytes: 16 }), 'ERR_INPUT_TOO_LARGE', 'cacao')
    const wrongType = edited(bytes, (c) => (c.h = { t: 'jwt' }))
    await expectError(verify(wrongType), 'ERR_CACAO_UNSUPPORTED', 'h.t')
  })
})
