/**
 * The admission (revocation, replay claim, reservation in one store step):
 * the same denials through a store with `admitInvocation` and through one
 * without it (the three calls composed), a revoked chain denied as revoked
 * whatever else it fails, and a refused reservation that keeps its claim.
 */
import type { IPLDValue } from '@capchain/core/token'
import { createMemoryStore } from '@capchain/store'
import type { StateStore } from '@capchain/store'
import { RevokedError } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import { authorizeInvocation, capStatement, CapExceededError, checkExpiry, ReplayError } from '../src/index.js'
import type { InvocationRequirement } from '../src/index.js'
import { accepted, authorizeRoute, delegate, denied, invoke, makeWorld, NOW, readNote } from './fixtures.js'
import type { World } from './fixtures.js'

/** A memory store without its batch: the guard composes the three calls. */
function withoutBatch(): StateStore {
  const { ledger, revocations, replay, close } = createMemoryStore()
  return { ledger, revocations, replay, close }
}

const STORES = [
  ['with admitInvocation', createMemoryStore],
  ['without admitInvocation', withoutBatch],
] as const

let world: World
beforeAll(async () => {
  world = await makeWorld()
})

describe.each(STORES)('the admission, a store %s', (_name, open) => {
  it('denies a chain revoked by its subject with the RevokedError naming the link; the near miss, revoked by an outsider, is accepted', async () => {
    const store = open()
    const notes = await delegate(world)
    const read = () => invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' } })
    await store.revocations.add({ cid: notes.cid.toString(), revoker: world.outsider.did(), at: NOW, invocation: 'bafy-r1' })
    accepted(await authorizeRoute(world, store, await read(), [notes], readNote, { id: 'n1' }))
    await store.revocations.add({ cid: notes.cid.toString(), revoker: world.user.did(), at: NOW, invocation: 'bafy-r2' })
    const error = denied(await authorizeRoute(world, store, await read(), [notes], readNote, { id: 'n1' }), RevokedError)
    expect({ code: error.code, cid: error.cid, at: error.at }).toEqual({ code: 'ERR_REVOKED', cid: notes.cid.toString(), at: 'prf[0]' })
  })

  it('denies a revoked chain as revoked even when it also holds a statement nothing enforces', async () => {
    const store = open()
    const profile: IPLDValue = ['==', '.', ['capchain/example@1', { most: 3 }]]
    const grant = await delegate(world, [profile])
    const requirement: InvocationRequirement = { check: (invocation, now) => ({ bytes: 0, expiration: checkExpiry(invocation, now) }) }
    await store.revocations.add({ cid: grant.cid.toString(), revoker: world.user.did(), at: NOW, invocation: 'bafy-r1' })
    const invocation = await invoke(world, [grant], { command: '/notes/read', args: {} })
    const request = { invocation: invocation.bytes, proofs: [grant.bytes], service: world.service.did(), store, now: NOW }
    denied(await authorizeInvocation(request, requirement), RevokedError)
  })
})

describe('the admission, a store with admitInvocation', () => {
  it('keeps the claim when the cap refuses: the same invocation stays refused once the cap has room, a new one is admitted', async () => {
    const store = createMemoryStore()
    const capped = await delegate(world, [capStatement({ uses: 1 })])
    const first = await invoke(world, [capped], { command: '/notes/read', args: { id: 'n1' } })
    const second = await invoke(world, [capped], { command: '/notes/read', args: { id: 'n2' } })
    const held = accepted(await authorizeRoute(world, store, first, [capped], readNote, { id: 'n1' }))
    denied(await authorizeRoute(world, store, second, [capped], readNote, { id: 'n2' }), CapExceededError)
    await held.reservation.refund()
    denied(await authorizeRoute(world, store, second, [capped], readNote, { id: 'n2' }), ReplayError)
    const third = await invoke(world, [capped], { command: '/notes/read', args: { id: 'n2' } })
    accepted(await authorizeRoute(world, store, third, [capped], readNote, { id: 'n2' }))
  })
})
