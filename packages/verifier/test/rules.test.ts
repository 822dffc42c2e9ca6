/**
 * Every rule of the delegation and invocation specs: a passing chain and its
 * near-miss, which must fail with the expected error class at the expected link.
 */
import type { DID } from '@capchain/core/principal'
import type { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  AudienceMismatchError,
  CaveatDeniedError,
  CommandEscalationError,
  createVerifier,
  ExpiredError,
  MissingProofError,
  NotYetValidError,
  PolicyViolationError,
  PowerlineAtRootError,
  PrincipalMisalignedError,
  RevocationCheckFailedError,
  RevokedError,
  RootNotSubjectError,
  SignatureMismatchError,
  specErrorName,
  SubjectMismatchError,
  WrongTokenKindError,
} from '../src/index.js'
import type { CaveatContext, RevocationContext, VerifyInvocationOptions } from '../src/index.js'
import { delegate, impostor, invoke, NOW, principals, standardChain } from './fixtures.js'
import type { Principals } from './fixtures.js'
import { expectAccepted, expectDenied } from './helpers.js'

let p: Principals
let space: DID

beforeAll(async () => {
  p = await principals()
  space = p.space.did()
})

function verify(invocation: { bytes: Uint8Array }, proofs: readonly Uint8Array[], options: VerifyInvocationOptions = {}) {
  return createVerifier().verifyInvocation(invocation.bytes, { proofs, now: NOW, audience: p.service.did(), ...options })
}

describe('a valid chain', () => {
  it('authorizes subject, command and args, with the chain root first', async () => {
    const { root, mid, invocation, proofs } = await standardChain(p)
    const value = expectAccepted(await verify(invocation, proofs))
    expect(value.subject).toBe(space)
    expect(value.command).toBe('/storage/write')
    expect(value.args).toEqual({ size: 100 })
    expect(value.issuer).toBe(p.bob.did())
    expect(value.audience).toBe(p.service.did())
    expect(value.chain.map(String)).toEqual([root.cid, mid.cid, invocation.cid].map(String))
    expect(value.delegations.map((d) => d.cid.toString())).toEqual([root.cid, mid.cid].map(String))
    expect(value.expiration).toBe(NOW + 300)
  })

  it('accepts a decoded invocation and decoded proofs', async () => {
    const { root, mid, invocation } = await standardChain(p)
    const result = await createVerifier().verifyInvocation(invocation, { proofs: [mid, root], now: NOW })
    expectAccepted(result)
  })
})

describe('signatures', () => {
  it('denies a delegation signed by someone other than its issuer', async () => {
    const root = await delegate(impostor(p.space, p.mallory), p.alice, space)
    const mid = await delegate(p.alice, p.bob, space, { command: '/storage/write' })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, mid] })
    const error = expectDenied(await verify(invocation, [root.bytes, mid.bytes]), SignatureMismatchError, 'prf[0]')
    expect(error.cid).toBe(root.cid.toString())
    expect(specErrorName(error)).toBe('InvalidSignature')
  })

  it('denies an invocation signed by someone other than its issuer', async () => {
    const { root, mid } = await standardChain(p)
    const invocation = await invoke(impostor(p.bob, p.mallory), { subject: space, audience: p.service.did(), proofs: [root, mid] })
    expectDenied(await verify(invocation, [root.bytes, mid.bytes]), SignatureMismatchError, 'invocation')
  })
})

describe('command attenuation', () => {
  it('denies a delegation that widens the command it was given', async () => {
    const root = await delegate(p.space, p.alice, space, { command: '/storage/write' })
    const mid = await delegate(p.alice, p.bob, space, { command: '/storage' })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, mid] })
    const error = expectDenied(await verify(invocation, [root.bytes, mid.bytes]), CommandEscalationError, 'prf[1]')
    expect(error.delegated).toBe('/storage/write')
    expect(error.requested).toBe('/storage')
    expect(specErrorName(error)).toBe('InvalidClaim')
  })

  it('denies invoking a command outside the delegated one', async () => {
    const { root, mid } = await standardChain(p)
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), command: '/storage/delete', proofs: [root, mid] })
    expectDenied(await verify(invocation, [root.bytes, mid.bytes]), CommandEscalationError, 'invocation')
  })

  it('matches by whole segments: /storage covers /storage/x but never /storagex', async () => {
    const root = await delegate(p.space, p.bob, space, { command: '/storage' })
    for (const [command, ok] of [
      ['/storage', true],
      ['/storage/x', true],
      ['/storage/x/y', true],
      ['/storagex', false],
      ['/storag', false],
      ['/', false],
    ] as const) {
      const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), command, proofs: [root] })
      const result = await verify(invocation, [root.bytes])
      if (ok) expectAccepted(result)
      else expectDenied(result, CommandEscalationError, 'invocation')
    }
  })

  it('lets / cover every command', async () => {
    const root = await delegate(p.space, p.bob, space, { command: '/' })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), command: '/anything/at/all', proofs: [root] })
    expectAccepted(await verify(invocation, [root.bytes]))
  })
})

describe('policies', () => {
  it('applies the policy of every link to args', async () => {
    const { invocation, proofs } = await standardChain(p, { invoke: { args: { size: 2048 } } })
    const error = expectDenied(await verify(invocation, proofs), PolicyViolationError, 'prf[1]')
    expect(error.failure.index).toBe(0)
    expect(specErrorName(error)).toBe('MatchError')
  })

  it('keeps the parent policy when a child tries to loosen it', async () => {
    const root = await delegate(p.space, p.alice, space, { policy: [['<=', '.size', 1024]] })
    const widened = await delegate(p.alice, p.bob, space, { policy: [['<=', '.size', 1_000_000]] })
    const within = await invoke(p.bob, { subject: space, audience: p.service.did(), args: { size: 1000 }, proofs: [root, widened] })
    expectAccepted(await verify(within, [root.bytes, widened.bytes]))
    const beyond = await invoke(p.bob, { subject: space, audience: p.service.did(), args: { size: 5000 }, proofs: [root, widened] })
    expectDenied(await verify(beyond, [root.bytes, widened.bytes]), PolicyViolationError, 'prf[0]')
  })
})

describe('time bounds, with the clock-skew allowance (default 60 s)', () => {
  it('accepts a link through exp + 60 and denies it from exp + 61', async () => {
    const root = await delegate(p.space, p.bob, space, { expiration: NOW })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root], expiration: null })
    expectAccepted(await verify(invocation, [root.bytes], { now: NOW + 60 }))
    const error = expectDenied(await verify(invocation, [root.bytes], { now: NOW + 61 }), ExpiredError, 'prf[0]')
    expect(error.expiration).toBe(NOW)
    expect(specErrorName(error)).toBe('Expired')
  })

  it('accepts a link from nbf - 60 and denies it before', async () => {
    const root = await delegate(p.space, p.bob, space, { notBefore: NOW })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root], expiration: null })
    expectAccepted(await verify(invocation, [root.bytes], { now: NOW - 60 }))
    const error = expectDenied(await verify(invocation, [root.bytes], { now: NOW - 61 }), NotYetValidError, 'prf[0]')
    expect(specErrorName(error)).toBe('TooEarly')
  })

  it("enforces an invocation's nbf (iso-ucan writes one) from nbf - 60, like a delegation's", async () => {
    const { root, mid } = await standardChain(p)
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, mid], notBefore: NOW + 100 })
    expect(invocation.payload.nbf).toBe(NOW + 100)
    expectAccepted(await verify(invocation, [root.bytes, mid.bytes], { now: NOW + 40 }))
    const error = expectDenied(await verify(invocation, [root.bytes, mid.bytes], { now: NOW + 39 }), NotYetValidError, 'invocation')
    expect(specErrorName(error)).toBe('TooEarly')
  })

  it('checks a mid-chain link, not only the root', async () => {
    const root = await delegate(p.space, p.alice, space, { expiration: null })
    const mid = await delegate(p.alice, p.bob, space, { expiration: NOW - 1000 })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, mid], expiration: null })
    expectDenied(await verify(invocation, [root.bytes, mid.bytes]), ExpiredError, 'prf[1]')
  })

  it("checks the invocation's own exp", async () => {
    const { root, mid } = await standardChain(p)
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, mid], expiration: NOW })
    expectAccepted(await verify(invocation, [root.bytes, mid.bytes], { now: NOW + 60 }))
    expectDenied(await verify(invocation, [root.bytes, mid.bytes], { now: NOW + 61 }), ExpiredError, 'invocation')
  })

  it('honours a custom clock skew, including none', async () => {
    const root = await delegate(p.space, p.bob, space, { expiration: NOW })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root], expiration: null })
    expectAccepted(await verify(invocation, [root.bytes], { now: NOW, clockSkew: 0 }))
    expectDenied(await verify(invocation, [root.bytes], { now: NOW + 1, clockSkew: 0 }), ExpiredError)
    expectAccepted(await verify(invocation, [root.bytes], { now: NOW + 300, clockSkew: 300 }))
  })
})

describe('principal alignment', () => {
  it('denies a link not issued by the audience of the one before', async () => {
    const root = await delegate(p.space, p.alice, space)
    const stray = await delegate(p.carol, p.bob, space, { command: '/storage/write' })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, stray] })
    const error = expectDenied(await verify(invocation, [root.bytes, stray.bytes]), PrincipalMisalignedError, 'prf[1]')
    expect(error.expected).toBe(p.alice.did())
    expect(error.actual).toBe(p.carol.did())
    expect(specErrorName(error)).toBe('InvalidAudience')
  })

  it('denies an invoker the last delegation was not given to', async () => {
    const { root, mid } = await standardChain(p)
    const invocation = await invoke(p.carol, { subject: space, audience: p.service.did(), proofs: [root, mid] })
    expectDenied(await verify(invocation, [root.bytes, mid.bytes]), PrincipalMisalignedError, 'invocation')
  })
})

describe('subject', () => {
  it('denies a delegation about another subject mid-chain', async () => {
    const root = await delegate(p.space, p.alice, space)
    const other = await delegate(p.alice, p.bob, p.carol.did())
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, other] })
    const error = expectDenied(await verify(invocation, [root.bytes, other.bytes]), SubjectMismatchError, 'prf[1]')
    expect(specErrorName(error)).toBe('InvalidSubject')
  })

  it('denies an invocation on another subject than the chain', async () => {
    const { root, mid } = await standardChain(p)
    const invocation = await invoke(p.bob, { subject: p.carol.did(), audience: p.service.did(), proofs: [root, mid] })
    expectDenied(await verify(invocation, [root.bytes, mid.bytes]), SubjectMismatchError, 'invocation')
  })

  it('denies a root not issued by its subject', async () => {
    const root = await delegate(p.alice, p.bob, space)
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root] })
    expectDenied(await verify(invocation, [root.bytes]), RootNotSubjectError, 'prf[0]')
  })

  it('denies a powerline at the root', async () => {
    const root = await delegate(p.alice, p.bob, null)
    const invocation = await invoke(p.bob, { subject: p.alice.did(), audience: p.service.did(), proofs: [root] })
    const error = expectDenied(await verify(invocation, [root.bytes]), PowerlineAtRootError, 'prf[0]')
    expect(specErrorName(error)).toBe('InvalidClaim')
  })

  it('accepts a powerline mid-chain, which takes the subject of the link before it', async () => {
    const root = await delegate(p.space, p.alice, space)
    const powerline = await delegate(p.alice, p.bob, null, { command: '/' })
    const invocation = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [root, powerline] })
    const value = expectAccepted(await verify(invocation, [root.bytes, powerline.bytes]))
    expect(value.subject).toBe(space)
    // …but it never widens the command the link before it was given.
    const escalated = await invoke(p.bob, { subject: space, audience: p.service.did(), command: '/admin', proofs: [root, powerline] })
    expectDenied(await verify(escalated, [root.bytes, powerline.bytes]), CommandEscalationError, 'invocation')
    // …nor lets the invoker switch subject.
    const elsewhere = await invoke(p.bob, { subject: p.carol.did(), audience: p.service.did(), proofs: [root, powerline] })
    expectDenied(await verify(elsewhere, [root.bytes, powerline.bytes]), SubjectMismatchError, 'invocation')
  })

  it('lets a subject invoke on itself without proof, and nobody else', async () => {
    const self = await invoke(p.space, { subject: space, audience: p.service.did() })
    const value = expectAccepted(await verify(self, []))
    expect(value.chain.map(String)).toEqual([self.cid.toString()])
    const other = await invoke(p.bob, { subject: space, audience: p.service.did() })
    const error = expectDenied(await verify(other, []), MissingProofError, 'invocation')
    expect(specErrorName(error)).toBe('InvalidClaim')
  })
})

describe('the invocation is addressed to this service', () => {
  it('denies an aud that is not the service', async () => {
    const { invocation, proofs } = await standardChain(p, { invoke: { audience: p.carol.did() } })
    const error = expectDenied(await verify(invocation, proofs), AudienceMismatchError, 'invocation')
    expect(specErrorName(error)).toBe('InvalidAudience')
  })

  it('without aud, takes the subject as the audience (invocation spec, "Audience")', async () => {
    const { invocation, proofs } = await standardChain(p, { invoke: { audience: null } })
    expectDenied(await verify(invocation, proofs), AudienceMismatchError, 'invocation')
    expectAccepted(await verify(invocation, proofs, { audience: space }))
  })

  it('checks nothing about the audience when no audience option is given', async () => {
    const { invocation, proofs } = await standardChain(p, { invoke: { audience: p.carol.did() } })
    expectAccepted(await createVerifier().verifyInvocation(invocation.bytes, { proofs, now: NOW }))
  })
})

describe('token kinds', () => {
  it('denies a delegation given as the invocation, and an invocation listed as a proof', async () => {
    const { root, invocation } = await standardChain(p)
    expectDenied(await verify(root, []), WrongTokenKindError, 'invocation')
    const nested = await invoke(p.bob, { subject: space, audience: p.service.did(), proofs: [invocation as never] })
    expectDenied(await verify(nested, [invocation.bytes]), WrongTokenKindError, 'prf[0]')
  })
})

describe('revocation', () => {
  it('calls isRevoked once per chain with every CID, root first, invocation last', async () => {
    const { root, mid, invocation, proofs } = await standardChain(p)
    const isRevoked = vi.fn(async (_cids: readonly CID[], _context: RevocationContext) => new Set<string>())
    expectAccepted(await verify(invocation, proofs, { isRevoked }))
    expect(isRevoked).toHaveBeenCalledTimes(1)
    const [cids, context] = isRevoked.mock.calls[0]!
    expect(cids.map(String)).toEqual([root.cid, mid.cid, invocation.cid].map(String))
    // Each CID comes with the link it names, so a hook can scope a revocation to the link's issuers.
    expect(context.links.map((link) => [link.cid.toString(), link.at, link.token.payload.iss])).toEqual([
      [root.cid.toString(), 'prf[0]', space],
      [mid.cid.toString(), 'prf[1]', p.alice.did()],
      [invocation.cid.toString(), 'invocation', p.bob.did()],
    ])
  })

  it('denies a revoked link, answered as a set or as booleans', async () => {
    const { mid, invocation, proofs } = await standardChain(p)
    const asSet = vi.fn(async () => new Set([mid.cid.toString()]))
    const error = expectDenied(await verify(invocation, proofs, { isRevoked: asSet }), RevokedError, 'prf[1]')
    expect(error.cid).toBe(mid.cid.toString())
    expect(asSet).toHaveBeenCalledTimes(1)
    expectDenied(await verify(invocation, proofs, { isRevoked: async () => [false, false, true] }), RevokedError, 'invocation')
  })

  it('denies when the hook fails or answers nonsense (fail closed)', async () => {
    const { invocation, proofs } = await standardChain(p)
    const failing = async (): Promise<Set<string>> => {
      throw new Error('store down')
    }
    expectDenied(await verify(invocation, proofs, { isRevoked: failing }), RevocationCheckFailedError)
    expectDenied(await verify(invocation, proofs, { isRevoked: async () => [false] }), RevocationCheckFailedError)
  })

  it('is not consulted for a chain that already failed a stateless check', async () => {
    const { invocation, proofs } = await standardChain(p, { invoke: { args: { size: 5000 } } })
    const isRevoked = vi.fn(async () => new Set<string>())
    expectDenied(await verify(invocation, proofs, { isRevoked }), PolicyViolationError)
    expect(isRevoked).not.toHaveBeenCalled()
  })
})

describe('stateful caveats', () => {
  it('are checked last, with what would be authorized', async () => {
    const { invocation, proofs } = await standardChain(p)
    const checkCaveats = vi.fn((context: CaveatContext) => {
      expect(context.authorization.command).toBe('/storage/write')
      expect(context.now).toBe(NOW)
    })
    expectAccepted(await verify(invocation, proofs, { checkCaveats }))
    expect(checkCaveats).toHaveBeenCalledTimes(1)
  })

  it('deny with their own typed error, or wrapped when they throw anything else', async () => {
    class QuotaExceededError extends CaveatDeniedError {}
    const { invocation, proofs } = await standardChain(p)
    const quota = expectDenied(
      await verify(invocation, proofs, { checkCaveats: () => new QuotaExceededError('quota of 1 GiB used up') }),
      QuotaExceededError,
    )
    expect(quota.code).toBe('ERR_CAVEAT_DENIED')
    const wrapped = expectDenied(
      await verify(invocation, proofs, {
        checkCaveats: async () => {
          throw new Error('redis unavailable')
        },
      }),
      CaveatDeniedError,
      'invocation',
    )
    expect(wrapped.message).toContain('redis unavailable')
  })

  it('are not called when a stateless check fails', async () => {
    const { invocation, proofs } = await standardChain(p, { invoke: { command: '/storage/delete' } })
    const checkCaveats = vi.fn()
    expectDenied(await verify(invocation, proofs, { checkCaveats }), CommandEscalationError)
    expect(checkCaveats).not.toHaveBeenCalled()
  })
})
