/**
 * `verifyDelegation`: a holder checking a chain before using it. The same
 * rules as for an invocation, minus those that need one.
 */
import type { DID } from '@capchain/core/principal'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  AudienceMismatchError,
  ChainTooLongError,
  CommandEscalationError,
  DuplicateProofError,
  ExpiredError,
  MissingProofError,
  NotYetValidError,
  PolicyUnparsableError,
  PowerlineAtRootError,
  PrincipalMisalignedError,
  RevokedError,
  RootNotSubjectError,
  SignatureMismatchError,
  SubjectMismatchError,
  verifyDelegation,
  WrongTokenKindError,
} from '../src/index.js'
import type { VerifyDelegationOptions } from '../src/index.js'
import { delegate, impostor, NOW, principals, standardChain } from './fixtures.js'
import type { Principals } from './fixtures.js'
import { expectAccepted, expectDenied } from './helpers.js'

let p: Principals
let space: DID

beforeAll(async () => {
  p = await principals()
  space = p.space.did()
})

function check(chain: readonly { bytes: Uint8Array }[], options: VerifyDelegationOptions = {}) {
  return verifyDelegation(
    chain.map((d) => d.bytes),
    { now: NOW, ...options },
  )
}

describe('verifyDelegation', () => {
  it('accepts a chain root-first or leaf-first and reports it root first', async () => {
    const { root, mid } = await standardChain(p)
    for (const chain of [
      [root, mid],
      [mid, root],
    ]) {
      const value = expectAccepted(await check(chain, { audience: p.bob.did() }))
      expect(value.proofOrder).toBe(chain[0] === root ? 'root-first' : 'leaf-first')
      expect(value.chain.map(String)).toEqual([root.cid, mid.cid].map(String))
      expect(value.subject).toBe(space)
      expect(value.issuer).toBe(space)
      expect(value.audience).toBe(p.bob.did())
      expect(value.command).toBe('/storage/write')
      expect(value.policies).toEqual([[], [['<=', '.size', 1024]]])
      expect(value.expiration).toBe(NOW + 3600)
      expect(value.notBefore).toBeNull()
    }
  })

  it('accepts decoded delegations', async () => {
    const { root, mid } = await standardChain(p)
    expectAccepted(await verifyDelegation([root, mid], { now: NOW }))
  })

  it('reports the command a powerline actually passes on', async () => {
    const root = await delegate(p.space, p.alice, space, { command: '/storage/read' })
    const powerline = await delegate(p.alice, p.bob, null, { command: '/' })
    expect(expectAccepted(await check([root, powerline])).command).toBe('/storage/read')
    // A powerline disjoint from what it follows passes nothing on.
    const disjoint = await delegate(p.alice, p.bob, null, { command: '/mail' })
    expectDenied(await check([root, disjoint]), CommandEscalationError, 'chain[1]')
  })

  it('denies each broken rule at the link that breaks it', async () => {
    const root = await delegate(p.space, p.alice, space)
    const cases = [
      [await delegate(impostor(p.alice, p.mallory), p.bob, space), SignatureMismatchError],
      [await delegate(p.alice, p.bob, space, { expiration: NOW - 120 }), ExpiredError],
      [await delegate(p.alice, p.bob, space, { notBefore: NOW + 120 }), NotYetValidError],
      [await delegate(p.carol, p.bob, space), PrincipalMisalignedError],
      [await delegate(p.alice, p.bob, p.carol.did()), SubjectMismatchError],
      [await delegate(p.alice, p.bob, space, { command: '/' }), CommandEscalationError],
      [await delegate(p.alice, p.bob, space, { policy: [['frobnicate', '.x']] }), PolicyUnparsableError],
    ] as const
    for (const [second, type] of cases) {
      expectDenied(await check([root, second]), type, 'chain[1]')
    }
  })

  it('denies roots that are not the subject, powerline roots, and an empty chain', async () => {
    expectDenied(await check([await delegate(p.alice, p.bob, space)]), RootNotSubjectError, 'chain[0]')
    expectDenied(await check([await delegate(p.alice, p.bob, null)]), PowerlineAtRootError, 'chain[0]')
    expectDenied(await check([]), MissingProofError)
  })

  it('denies a chain not given to the holder', async () => {
    const { root, mid } = await standardChain(p)
    expectDenied(await check([root, mid], { audience: p.carol.did() }), AudienceMismatchError, 'chain[1]')
  })

  it('denies duplicates, invocations and chains over the limit', async () => {
    const { root, mid, invocation } = await standardChain(p)
    expectDenied(await check([root, mid, root]), DuplicateProofError, 'chain[2]')
    expectDenied(await check([root, invocation]), WrongTokenKindError, 'chain[1]')
    expectDenied(await check([root, mid], { limits: { maxChainLength: 1 } }), ChainTooLongError, 'chain')
  })

  it('asks isRevoked once for the whole chain', async () => {
    const { root, mid } = await standardChain(p)
    const isRevoked = vi.fn(async () => [false, true])
    expectDenied(await check([root, mid], { isRevoked }), RevokedError, 'chain[1]')
    expect(isRevoked).toHaveBeenCalledTimes(1)
  })
})
