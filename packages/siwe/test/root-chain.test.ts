/**
 * The SIWE root in whole chains, through `@capchain/verifier`: wallet → session
 * key (the SIWE URI) → agent → invocation, and every near miss with the
 * error class and spec name it must give.
 */
import { createDelegation, createInvocation, generateSigner } from '@capchain/core'
import type { Signer } from '@capchain/core'
import { createVerifier, explain, specErrorName } from '@capchain/verifier'
import type { InvocationVerification } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import { cacaoIdentity, decodeCacao, siweRootFormat } from '../src/index.js'
import type { CacaoBlock } from '../src/index.js'
import { OTHER_KEY, EXPIRES, NOW, SESSION, SUBJECT, rootFields, signedCacao } from './root-helpers.js'

let agent: Signer
let service: Signer
let root: CacaoBlock
const verifier = createVerifier({ rootFormats: [siweRootFormat({ domains: ['photos.example'] })] })

beforeAll(async () => {
  agent = await generateSigner('Ed25519')
  service = await generateSigner('Ed25519')
  root = signedCacao(rootFields())
})

async function chain(options: { cmd?: string; path?: string; rootBlock?: CacaoBlock; delegator?: Signer } = {}) {
  const rootBlock = options.rootBlock ?? root
  const toAgent = await createDelegation({
    issuer: options.delegator ?? SESSION,
    audience: agent.did(),
    subject: SUBJECT,
    command: '/storage/read',
    expiration: EXPIRES,
  })
  const invocation = await createInvocation({
    issuer: agent,
    subject: SUBJECT,
    audience: service.did(),
    command: options.cmd ?? '/storage/read',
    args: { path: options.path ?? '/photos/a.jpg' },
    proofs: [rootBlock.cid, toAgent.cid],
    expiration: EXPIRES,
    issuedAt: NOW,
  })
  return { invocation, proofs: [rootBlock.bytes, toAgent.bytes], toAgent }
}

function expectDenied(result: InvocationVerification, code: string, specName: string, at?: string) {
  if (result.ok) throw new Error(`expected ${code}, but it was authorized`)
  expect(result.error.code, explain(result)).toBe(code)
  expect(specErrorName(result.error)).toBe(specName)
  if (at !== undefined) expect(result.error.at).toBe(at)
}

describe('a SIWE root at the head of a UCAN chain', () => {
  it('authorizes the wallet → session → agent → invocation chain, subject the did:pkh', async () => {
    const { invocation, proofs, toAgent } = await chain()
    const result = await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW, audience: service.did() })
    expect(result.ok, result.ok ? '' : explain(result)).toBe(true)
    if (!result.ok) return
    expect(result.value.subject).toBe(SUBJECT)
    expect(result.value.chain.map(String)).toEqual([root.cid.toString(), toAgent.cid.toString(), invocation.cid.toString()])
    expect(result.links[0]!.root?.format).toBe('SIWE (CAIP-74 CACAO)')
    expect(explain(result)).toContain(SUBJECT)
  })

  it('accepts the same chain listed leaf-first', async () => {
    const { invocation, proofs, toAgent } = await chain()
    const leafFirst = await createInvocation({
      issuer: agent,
      subject: SUBJECT,
      audience: service.did(),
      command: '/storage/read',
      args: { path: '/photos/a.jpg' },
      proofs: [toAgent.cid, root.cid],
      expiration: EXPIRES,
      issuedAt: NOW,
    })
    const result = await verifier.verifyInvocation(leafFirst.bytes, { proofs, now: NOW })
    expect(result.ok, result.ok ? '' : explain(result)).toBe(true)
    if (result.ok) expect(result.value.proofOrder).toBe('leaf-first')
    expect(invocation.cid.equals(leafFirst.cid)).toBe(false)
  })

  it('lets the session key invoke directly on the root alone', async () => {
    const invocation = await createInvocation({
      issuer: SESSION,
      subject: SUBJECT,
      command: '/storage/write',
      args: { path: '/photos/b.jpg', size: 1000 },
      proofs: [root.cid],
      expiration: EXPIRES,
      issuedAt: NOW,
    })
    const result = await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW })
    expect(result.ok, result.ok ? '' : explain(result)).toBe(true)
  })

  it('applies the root policy of the granted command: a path outside /photos is a MatchError at the root', async () => {
    const { invocation, proofs } = await chain({ path: '/private/a.jpg' })
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }), 'ERR_POLICY_VIOLATION', 'MatchError', 'prf[0]')
  })

  it('applies the write grant\'s size ceiling to a direct write', async () => {
    const invocation = await createInvocation({
      issuer: SESSION,
      subject: SUBJECT,
      command: '/storage/write',
      args: { path: '/photos/b.jpg', size: 20_000_000 },
      proofs: [root.cid],
      expiration: EXPIRES,
      issuedAt: NOW,
    })
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }), 'ERR_POLICY_VIOLATION', 'MatchError')
  })

  it('denies a command the root does not grant', async () => {
    const { invocation, proofs } = await chain({ cmd: '/storage/delete' })
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }), 'ERR_COMMAND_ESCALATION', 'InvalidClaim', 'invocation')
  })

  it('denies /storagex when the root grants /storage/read', async () => {
    const invocation = await createInvocation({
      issuer: SESSION,
      subject: SUBJECT,
      command: '/storage/readx',
      args: { path: '/photos/b.jpg' },
      proofs: [root.cid],
      expiration: EXPIRES,
      issuedAt: NOW,
    })
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }), 'ERR_COMMAND_ESCALATION', 'InvalidClaim', 'prf[0]')
  })

  it('denies an expired root as Expired, and a not-yet-valid one as TooEarly', async () => {
    const { invocation, proofs } = await chain()
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: EXPIRES + 61, clockSkew: 60 }), 'ERR_ROOT_REJECTED', 'Expired', 'prf[0]')
    const early = signedCacao(rootFields({ notBefore: '2025-01-01T18:00:00Z', expirationTime: '2025-01-02T00:00:00Z' }))
    const { invocation: inv2, proofs: proofs2 } = await chain({ rootBlock: early })
    expectDenied(await verifier.verifyInvocation(inv2.bytes, { proofs: proofs2, now: NOW }), 'ERR_ROOT_REJECTED', 'TooEarly', 'prf[0]')
  })

  it('denies a root signed by another wallet key as InvalidSignature', async () => {
    const forged = signedCacao(rootFields(), { key: OTHER_KEY })
    const { invocation, proofs } = await chain({ rootBlock: forged })
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }), 'ERR_ROOT_REJECTED', 'InvalidSignature', 'prf[0]')
  })

  it('denies a root for a domain the service does not trust', async () => {
    const elsewhere = signedCacao(rootFields({ domain: 'evil.example' }))
    const { invocation, proofs } = await chain({ rootBlock: elsewhere })
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }), 'ERR_ROOT_REJECTED', 'InvalidClaim')
  })

  it('denies a delegation after the root issued by a key other than the session key', async () => {
    const intruder = await generateSigner('Ed25519')
    const { invocation, proofs } = await chain({ delegator: intruder })
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }), 'ERR_PRINCIPAL_MISALIGNED', 'InvalidAudience')
  })

  it('denies a SIWE root anywhere but at the root', async () => {
    const toAgent = await createDelegation({ issuer: SESSION, audience: agent.did(), subject: SUBJECT, command: '/storage/read', expiration: EXPIRES })
    const toAgent2 = await createDelegation({ issuer: agent, audience: agent.did(), subject: SUBJECT, command: '/storage/read', expiration: EXPIRES })
    const invocation = await createInvocation({
      issuer: agent,
      subject: SUBJECT,
      command: '/storage/read',
      args: { path: '/photos/a.jpg' },
      proofs: [toAgent.cid, root.cid, toAgent2.cid],
      expiration: EXPIRES,
      issuedAt: NOW,
    })
    expectDenied(
      await verifier.verifyInvocation(invocation.bytes, { proofs: [toAgent.bytes, root.bytes, toAgent2.bytes], now: NOW }),
      'ERR_ROOT_REJECTED',
      'InvalidClaim',
      'prf[1]',
    )
  })

  it('is refused by a verifier without the SIWE root format', async () => {
    const { invocation, proofs } = await chain()
    const plain = createVerifier()
    expectDenied(await plain.verifyInvocation(invocation.bytes, { proofs, now: NOW }), 'ERR_TOKEN_UNDECODABLE', 'InvalidClaim', 'prf[0]')
  })

  it('denies every invocation under a revoked root, asking once per chain by its identity', async () => {
    const { invocation, proofs } = await chain()
    const identity = cacaoIdentity(decodeCacao(root.bytes).fields).toString()
    let calls = 0
    const result = await verifier.verifyInvocation(invocation.bytes, {
      proofs,
      now: NOW,
      isRevoked: async (cids) => {
        calls += 1
        expect(cids.map(String)).not.toContain(root.cid.toString())
        return new Set(cids.map(String).filter((cid) => cid === identity))
      },
    })
    expectDenied(result, 'ERR_REVOKED', 'InvalidClaim', 'prf[0]')
    expect(calls).toBe(1)
  })

  it('verifyDelegation checks a SIWE-rooted chain a client was given', async () => {
    const { toAgent } = await chain()
    const result = await verifier.verifyDelegation([root.bytes, toAgent.bytes], { now: NOW, audience: agent.did() })
    expect(result.ok, result.ok ? '' : explain(result)).toBe(true)
    if (result.ok) {
      expect(result.value.subject).toBe(SUBJECT)
      expect(result.value.command).toBe('/storage/read')
    }
  })

  it('verifyDelegation of a root alone that grants several commands verifies it for itself, as its first grant (a revocation witness)', async () => {
    const result = await verifier.verifyDelegation([root.bytes], { now: NOW })
    expect(result.ok, result.ok ? '' : explain(result)).toBe(true)
    if (!result.ok) return
    expect(result.value).toMatchObject({ issuer: SUBJECT, subject: SUBJECT, audience: SESSION.did(), command: '/storage/read' })
    expect(result.links[0]!.identity.equals(cacaoIdentity(decodeCacao(root.bytes).fields))).toBe(true)
    expect(result.links[0]!.root!.grants.map((grant) => grant.command)).toEqual(['/storage/read', '/storage/write'])
    const expired = await verifier.verifyDelegation([root.bytes], { now: EXPIRES + 61, clockSkew: 60 })
    expect(expired.ok ? 'accepted' : expired.error.code).toBe('ERR_ROOT_REJECTED')
  })
})
