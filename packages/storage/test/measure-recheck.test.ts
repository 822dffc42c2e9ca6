/**
 * `StorageRequest.measure` (a read's size, known only by looking: asked once
 * the chain is verified, right before the reservation), `recheckRevocation`
 * (an accepted chain asked again before a long operation takes effect), and
 * the root `/` refused as a write or delete target.
 */
import { createInvocation } from '@capchain/core/token'
import type { Delegation } from '@capchain/core/token'
import type { StateStore } from '@capchain/store'
import { PolicyViolationError, RevokedError } from '@capchain/verifier'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { authorizeStorageRequest, createRevocation, InvalidStoragePathError, recheckRevocation, revokeDelegation, SizeExceededError } from '../src/index.js'
import type { StorageRequest } from '../src/index.js'
import { accepted, denied, grant, invoke, makeWorld, memoryStore, NOW } from './fixtures.js'
import type { World } from './fixtures.js'

let world: World
/** user → agent: read under /photos, 10 uses. */
let photos: readonly Delegation[]
let store: StateStore

beforeAll(async () => {
  world = await makeWorld()
  photos = (await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { bytes: 1000, uses: 10 } })).chains.read!
})
beforeEach(() => {
  store = memoryStore()
})

async function measuredRead(path: string, measure: StorageRequest['measure']) {
  const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path, size: 500, chain: photos })
  const result = await authorizeStorageRequest({
    invocation: invocation.bytes,
    proofs: photos.map((d) => d.bytes),
    service: world.service.did(),
    store,
    now: NOW,
    op: 'read',
    path,
    ...(measure === undefined ? {} : { measure }),
  })
  return { invocation, result }
}

describe('measure', () => {
  it("is asked once, with the chain's subject, and its answer is what is reserved", async () => {
    const asked: string[] = []
    const { result } = await measuredRead('/photos/cat.jpg', async (subject) => {
      asked.push(subject)
      return 300
    })
    const value = accepted(result)
    expect(asked).toEqual([world.user.did()])
    expect(value.size).toBe(300)
    expect(value.reservation.bytes).toBe(300)
    await value.reservation.commit()
  })

  it('is never asked for a chain that does not allow the request', async () => {
    let asked = 0
    const { result } = await measuredRead('/secret.txt', async () => {
      asked++
      return 1
    })
    denied(result, PolicyViolationError)
    expect(asked).toBe(0)
  })

  it('more than args.size is SizeExceededError; exactly args.size passes (near miss)', async () => {
    denied((await measuredRead('/photos/big.jpg', async () => 501)).result, SizeExceededError)
    accepted((await measuredRead('/photos/edge.jpg', async () => 500)).result)
  })
})

describe('recheckRevocation', () => {
  it('passes while nothing is revoked, denies with RevokedError once a link is', async () => {
    const { invocation, result } = await measuredRead('/photos/cat.jpg', async () => 10)
    accepted(result)
    const again = { invocation: invocation.bytes, proofs: photos.map((d) => d.bytes), service: world.service.did(), store, now: NOW }
    expect((await recheckRevocation(again)).ok).toBe(true)
    const revocation = await createRevocation({ issuer: world.user, service: world.service.did(), path: photos, expiration: NOW + 300 })
    accepted(await revokeDelegation({ invocation: revocation.bytes, proofs: photos.map((d) => d.bytes), service: world.service.did(), store, now: NOW }))
    denied(await recheckRevocation(again), RevokedError)
  })
})

describe('the root as a target', () => {
  it.each([
    ['/storage/write', { path: '/', size: 1 }],
    ['/storage/delete', { path: '/' }],
  ] as const)('%s of / is InvalidStoragePathError (root)', async (command, args) => {
    const all = (await grant({ issuer: world.user, audience: world.agent.did(), ops: ['write', 'delete'], path: '/' })).chains
    const chain = command === '/storage/write' ? all.write! : all.delete!
    const invocation = await createInvocation({
      issuer: world.agent,
      subject: world.user.did(),
      audience: world.service.did(),
      command,
      args,
      proofs: chain.map((d) => d.cid),
      expiration: NOW + 300,
      issuedAt: NOW,
    })
    const op = command === '/storage/write' ? 'write' : 'delete'
    const result = await authorizeStorageRequest({
      invocation: invocation.bytes,
      proofs: chain.map((d) => d.bytes),
      service: world.service.did(),
      store,
      now: NOW,
      op,
      path: '/',
      ...(op === 'write' ? { size: 1 } : {}),
    })
    expect(denied(result, InvalidStoragePathError).reason).toBe('root')
  })
})
