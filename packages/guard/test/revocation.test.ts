/**
 * Revocation acceptance (revoke/*) and its effect on the pipeline: the
 * subject revokes what it delegated, directly or through a delegated
 * `/ucan/revoke`; an outsider cannot; a revocation executes once; a chain
 * accepted before the revocation is denied on `recheckRevocation` after it.
 */
import type { Signer } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation } from '@capchain/core/token'
import type { StateStore } from '@capchain/store'
import { RevokedError } from '@capchain/verifier'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createRevocation, InvalidRevocationError, recheckRevocation, ReplayError, REVOKE_COMMAND, revokeDelegation, RevokerNotUpstreamError } from '../src/index.js'
import { accepted, authorizeRoute, DAY, delegate, denied, invoke, makeWorld, memoryStore, NOW, readNote } from './fixtures.js'
import type { World } from './fixtures.js'

let world: World
let notes: Delegation
let store: StateStore

beforeAll(async () => {
  world = await makeWorld()
  notes = await delegate(world)
})

beforeEach(() => {
  store = memoryStore()
})

/** `issuer` revokes `notes` on its own behalf, with `notes` as the witness path. */
async function revokeNotes(issuer: Signer) {
  const invocation = await createRevocation({ issuer, service: world.service.did(), path: [notes], expiration: NOW + 300 })
  return { invocation, request: { invocation: invocation.bytes, proofs: [notes.bytes], service: world.service.did(), store, now: NOW } }
}

const readN1 = async () => invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' } })

describe('revokeDelegation', () => {
  it('records the subject’s revocation; the chain is then denied, and a chain accepted before fails its re-check', async () => {
    const before = await readN1()
    accepted(await authorizeRoute(world, store, before, [notes], readNote, { id: 'n1' }))
    const checked = { invocation: before.bytes, proofs: [notes.bytes], service: world.service.did(), store, now: NOW }
    expect((await recheckRevocation(checked)).ok).toBe(true)

    const value = accepted(await revokeDelegation((await revokeNotes(world.user)).request))
    expect(value).toMatchObject({ revoker: world.user.did(), recorded: true })
    expect(value.revoked.equals(notes.cid)).toBe(true)

    denied(await authorizeRoute(world, store, await readN1(), [notes], readNote, { id: 'n1' }), RevokedError)
    denied(await recheckRevocation(checked), RevokedError)
  })

  it('refuses an outsider, who issued nothing in the path, and the chain stays allowed', async () => {
    const error = denied(await revokeDelegation((await revokeNotes(world.outsider)).request), RevokerNotUpstreamError)
    expect(error.code).toBe('ERR_REVOKER_NOT_UPSTREAM')
    accepted(await authorizeRoute(world, store, await readN1(), [notes], readNote, { id: 'n1' }))
  })

  it('executes a revocation once: the same one again is ReplayError', async () => {
    const { request } = await revokeNotes(world.user)
    accepted(await revokeDelegation(request))
    denied(await revokeDelegation(request), ReplayError)
  })

  it('accepts a revocation through a delegated /ucan/revoke, on the subject’s behalf', async () => {
    const mayRevoke = await createDelegation({
      issuer: world.user,
      audience: world.agent.did(),
      subject: world.user.did(),
      command: REVOKE_COMMAND,
      expiration: NOW + DAY,
    })
    const invocation = await createRevocation({
      issuer: world.agent,
      service: world.service.did(),
      path: [notes],
      proofs: [mayRevoke],
      onBehalfOf: world.user.did(),
      expiration: NOW + 300,
    })
    const request = { invocation: invocation.bytes, proofs: [mayRevoke.bytes, notes.bytes], service: world.service.did(), store, now: NOW }
    expect(accepted(await revokeDelegation(request)).revoker).toBe(world.user.did())
    denied(await authorizeRoute(world, store, await readN1(), [notes], readNote, { id: 'n1' }), RevokedError)
  })

  it('refuses an invocation of another command as a revocation, before its chain', async () => {
    const invocation = await createInvocation({
      issuer: world.user,
      subject: world.user.did(),
      audience: world.service.did(),
      command: '/notes/read',
      args: { revoke: notes.cid, path: [notes.cid] },
      proofs: [],
      expiration: NOW + 300,
    })
    const result = await revokeDelegation({ invocation: invocation.bytes, proofs: [notes.bytes], service: world.service.did(), store, now: NOW })
    const error = denied(result, InvalidRevocationError)
    expect(error.at).toBe('payload.cmd')
    expect(result.links).toEqual([])
  })
})
