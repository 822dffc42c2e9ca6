/** The ReCap → UCAN mapping rules of docs/siwe-root.md, one by one. */
import { evaluatePolicy } from '@capchain/policy'
import { describe, expect, it } from 'vitest'
import { createSiweRoot, didPkh, rootForCommand, verifySiweRoot, type Recap, type RecapAbilities } from '../src/index.js'
import { personalSign, SECRET_KEY_ADDRESS } from './helpers.js'
import { NOW, rejection, rootFields, SESSION, signedCacao, SUBJECT } from './root-helpers.js'

/** Verify a root whose ReCap grants `abilities` on `resource` (default the subject). */
function verifyGrant(abilities: RecapAbilities, resource: string = SUBJECT, prf: string[] = []) {
  const recap: Recap = { att: { [resource]: abilities }, prf }
  return verifySiweRoot(signedCacao(rootFields({}, recap)).bytes, { now: NOW })
}

async function grantError(abilities: RecapAbilities, resource?: string, prf?: string[]) {
  const error = await rejection(verifyGrant(abilities, resource, prf))
  return { code: error.code, at: error.at }
}

const RECAP_AT = 'p.resources[0]'
const abilityAt = (ability: string, resource = SUBJECT) => `${RECAP_AT}.att${JSON.stringify([resource])}${JSON.stringify([ability])}`

describe('abilities → commands', () => {
  it('maps ns/name to /ns/name and ns/* to /ns', async () => {
    const link = await verifyGrant({ 'storage/*': [{}], 'account/read': [{}], 'ucan/revoke': [{}], 'x.y_z+1-2/a.b': [{}] })
    expect(link.capabilities.map((c) => c.command)).toStrictEqual(['/account/read', '/storage', '/ucan/revoke', '/x.y_z+1-2/a.b'])
  })

  it('refuses abilities without a command: namespace wildcard, partial wildcard, uppercase', async () => {
    for (const ability of ['*/*', '*/read', 'storage/wr*te', 'storage/*x', 'Storage/read', 'storage/Read']) {
      expect(await grantError({ [ability]: [{}] }), ability).toStrictEqual({ code: 'ERR_SIWE_ROOT_CAPABILITY_INVALID', at: abilityAt(ability) })
    }
  })

  it('refuses overlapping abilities, whatever their caveats', async () => {
    expect(await grantError({ 'storage/*': [{}], 'storage/write': [{}] })).toStrictEqual({
      code: 'ERR_SIWE_ROOT_CAPABILITY_INVALID',
      at: abilityAt('storage/write'),
    })
    // Disjoint by whole segments: /storage and /storagex do not overlap.
    const link = await verifyGrant({ 'storage/*': [{}], 'storagex/*': [{}] })
    expect(rootForCommand(link, '/storagex/read').command).toBe('/storagex')
    expect(rootForCommand(link, '/storage/read').command).toBe('/storage')
  })
})

describe('resources and proofs', () => {
  it('refuses a resource other than the signer, even the same account on another chain or in lowercase', async () => {
    for (const resource of [
      'https://photos.example/',
      didPkh(10, SECRET_KEY_ADDRESS),
      `did:pkh:eip155:1:${SECRET_KEY_ADDRESS.toLowerCase()}`,
      SESSION.did(),
    ]) {
      expect(await grantError({ 'storage/read': [{}] }, resource), resource).toStrictEqual({
        code: 'ERR_SIWE_ROOT_CAPABILITY_INVALID',
        at: `${RECAP_AT}.att${JSON.stringify([resource])}`,
      })
    }
  })

  it('refuses ReCap proofs', async () => {
    const prf = ['bafyreiesokznzbvbfjxwo3klgu6qltkcxcn4deu3aql2lvblwyhk326av4']
    expect(await grantError({ 'storage/read': [{}] }, SUBJECT, prf)).toStrictEqual({
      code: 'ERR_SIWE_ROOT_CAPABILITY_INVALID',
      at: `${RECAP_AT}.prf`,
    })
  })
})

describe('caveats → policies', () => {
  it('maps {} to no constraint and {"pol": …} to that policy verbatim', async () => {
    const pol = [['==', '.bucket', 'photos']]
    const link = await verifyGrant({ 'storage/read': [{}], 'storage/write': [{ pol }] })
    expect(link.capabilities).toStrictEqual([
      { command: '/storage/read', policy: [] },
      { command: '/storage/write', policy: pol },
    ])
  })

  it('maps several caveat objects to alternatives (or), as EIP-5573 reads them', async () => {
    const link = await verifyGrant({
      'msg/send': [{ pol: [['==', '.to', 'someone@email.com']] }, { pol: [['==', '.to', 'joe@email.com']] }],
    })
    const { policy } = rootForCommand(link, '/msg/send')
    expect(policy).toStrictEqual([
      ['or', [['and', [['==', '.to', 'someone@email.com']]], ['and', [['==', '.to', 'joe@email.com']]]]],
    ])
    expect(evaluatePolicy(policy as never, { to: 'joe@email.com' }).ok).toBe(true)
    expect(evaluatePolicy(policy as never, { to: 'someone@email.com' }).ok).toBe(true)
    expect(evaluatePolicy(policy as never, { to: 'mallory@email.com' }).ok).toBe(false)
  })

  it('refuses an ability with no caveat object, an unknown caveat key, and a policy that does not parse', async () => {
    expect(await grantError({ 'storage/read': [] })).toStrictEqual({
      code: 'ERR_SIWE_ROOT_CAPABILITY_INVALID',
      at: abilityAt('storage/read'),
    })
    expect(await grantError({ 'storage/read': [{ max_count: 5 }] })).toStrictEqual({
      code: 'ERR_SIWE_ROOT_CAPABILITY_INVALID',
      at: `${abilityAt('storage/read')}[0]`,
    })
    for (const pol of [null, 'x', [['like', 'path', '/photos/*']], [['nope', '.a', 1]]]) {
      expect(await grantError({ 'storage/read': [{}, { pol }] }), JSON.stringify(pol)).toStrictEqual({
        code: 'ERR_SIWE_ROOT_CAPABILITY_INVALID',
        at: `${abilityAt('storage/read')}[1].pol`,
      })
    }
  })
})

describe('createSiweRoot capabilities', () => {
  const create = (capabilities: { command: string; policy: unknown[] }[]) =>
    createSiweRoot({
      signMessage: async (message) => personalSign(message),
      address: SECRET_KEY_ADDRESS,
      chainId: 1,
      domain: 'photos.example',
      uri: SESSION.did(),
      capabilities: capabilities as never,
    })

  it('refuses commands a ReCap cannot grant', async () => {
    for (const command of ['/', '/storage/write/photos', '/Storage', 'storage', '/ストレージ', '/storage/*']) {
      const error = await rejection(create([{ command, policy: [] }]))
      expect([command, error.code, error.at]).toStrictEqual([command, 'ERR_SIWE_ROOT_CAPABILITY_INVALID', 'capabilities[0].command'])
    }
  })

  it('refuses repeated and overlapping commands', async () => {
    const twice = await rejection(create([{ command: '/storage/read', policy: [] }, { command: '/storage/read', policy: [['==', '.a', 1]] }]))
    expect([twice.code, twice.at]).toStrictEqual(['ERR_SIWE_ROOT_CAPABILITY_INVALID', 'capabilities[1].command'])
    const overlap = await rejection(create([{ command: '/storage', policy: [] }, { command: '/storage/read', policy: [] }]))
    expect(overlap.code).toBe('ERR_SIWE_ROOT_CAPABILITY_INVALID')
  })

  it('refuses policies a ReCap cannot carry (bytes, bigints) or that do not parse', async () => {
    const bytes = await rejection(create([{ command: '/storage/read', policy: [['==', '.key', new Uint8Array([1])]] }]))
    expect(bytes.code).toBe('ERR_RECAP_INVALID')
    const big = await rejection(create([{ command: '/storage/read', policy: [['==', '.n', 1n << 64n]] }]))
    expect(big.code).toBe('ERR_RECAP_INVALID')
    const invalid = await rejection(create([{ command: '/storage/read', policy: [['like', 'path', 'x']] }]))
    expect(invalid.code).toBe('ERR_SIWE_ROOT_CAPABILITY_INVALID')
    const notList = await rejection(create([{ command: '/storage/read', policy: 'x' as never }]))
    expect([notList.code, notList.at]).toStrictEqual(['ERR_SIWE_ROOT_CAPABILITY_INVALID', 'capabilities[0].policy'])
  })
})
