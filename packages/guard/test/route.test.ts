/**
 * routeRequirement through authorizeInvocation, with real signed tokens:
 * the invocation must execute exactly the route's command with exactly the
 * request's args (IPLD equality, key by key), and expire soon enough. Every
 * refusal comes before the chain, so it costs nothing: the same invocation
 * is accepted afterwards on the request it does state.
 */
import { envelopeIdentity } from '@capchain/core/envelope'
import type { Delegation, IPLDMap } from '@capchain/core/token'
import type { StateStore } from '@capchain/store'
import { CID } from 'multiformats/cid'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ArgsMismatchError, capStatement, CommandMismatchError, InvocationExpiryError, MAX_INVOCATION_LIFETIME } from '../src/index.js'
import type { RouteRequirement } from '../src/index.js'
import { accepted, authorizeRoute, delegate, denied, invoke, makeWorld, memoryStore, NOW, readNote } from './fixtures.js'
import type { NoteRequest, World } from './fixtures.js'

let world: World
let notes: Delegation
let store: StateStore

beforeAll(async () => {
  world = await makeWorld()
  notes = await delegate(world, [capStatement({ bytes: 1000, uses: 10 })])
})

beforeEach(() => {
  store = memoryStore()
})

/** What the notes cap has spent. */
async function spent(): Promise<{ bytes: number; uses: number }> {
  const key = envelopeIdentity(notes.envelope).toString()
  const usage = (await store.ledger.usage([key])).get(key)
  return { bytes: usage?.bytes ?? 0, uses: usage?.uses ?? 0 }
}

describe('command and args of a route', () => {
  it('accepts the exact command and args, and reserves the route’s bytes on the cap', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1', size: 120 } })
    const value = accepted(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1', size: 120 }))
    expect(value.bytes).toBe(120)
    expect(value.authorization.subject).toBe(world.user.did())
    expect(await spent()).toEqual({ bytes: 120, uses: 1 })
    await value.reservation.commit(80)
    expect(await spent()).toEqual({ bytes: 80, uses: 1 })
  })

  it('refuses another note id, at args.id, charging nothing; the invocation is then accepted for its own note', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' } })
    const error = denied(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n2' }), ArgsMismatchError)
    expect(error).toMatchObject({ code: 'ERR_ARGS_MISMATCH', at: 'args.id', key: 'id', invoked: 'n1', required: 'n2', cid: invocation.cid.toString() })
    expect(error.message).toContain('"n1"')
    expect(await spent()).toEqual({ bytes: 0, uses: 0 })
    accepted(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1' }))
  })

  it('refuses a request larger than the invocation declared, and one smaller (args are equal, not bounded)', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1', size: 100 } })
    const larger = denied(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1', size: 101 }), ArgsMismatchError)
    expect(larger).toMatchObject({ at: 'args.size', invoked: 100, required: 101 })
    denied(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1', size: 99 }), ArgsMismatchError)
    expect(await spent()).toEqual({ bytes: 0, uses: 0 })
  })

  it('refuses a key the route does not name, unless the route allows extra args', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1', as: 'admin' } })
    const extra = denied(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1' }), ArgsMismatchError)
    expect(extra).toMatchObject({ at: 'args.as', invoked: 'admin', required: undefined })
    const lenient: RouteRequirement<NoteRequest> = { ...readNote, extraArgs: 'allow' }
    accepted(await authorizeRoute(world, store, invocation, [notes], lenient, { id: 'n1' }))
  })

  it('refuses an invocation missing a key the request executes, even when extra args are allowed', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' } })
    const lenient: RouteRequirement<NoteRequest> = { ...readNote, extraArgs: 'allow' }
    const missing = denied(await authorizeRoute(world, store, invocation, [notes], lenient, { id: 'n1', size: 10 }), ArgsMismatchError)
    expect(missing).toMatchObject({ at: 'args.size', invoked: undefined, required: 10 })
  })

  it('refuses another command the chain allows, at payload.cmd, before the chain', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/write', args: { id: 'n1' } })
    const error = denied(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1' }), CommandMismatchError)
    expect(error).toMatchObject({ code: 'ERR_COMMAND_MISMATCH', at: 'payload.cmd', invoked: '/notes/write', required: '/notes/read' })
    // A parent command is not the route's either.
    const parent = await invoke(world, [notes], { command: '/notes', args: { id: 'n1' } })
    denied(await authorizeRoute(world, store, parent, [notes], readNote, { id: 'n1' }), CommandMismatchError)
    expect(await spent()).toEqual({ bytes: 0, uses: 0 })
  })
})

describe('nested args compare by IPLD equality', () => {
  const link = CID.parse('bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
  const other = CID.parse('bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
  const stated: IPLDMap = { tags: ['a', 'b'], range: { from: 1, to: 2 }, digest: new Uint8Array([1, 2, 3]), parent: link, ratio: 1.5 }
  const route: RouteRequirement<IPLDMap> = { command: '/notes/read', args: (request) => request }

  it('accepts equal values built independently: maps in another key order, a bigint for an integer', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: stated })
    const same: IPLDMap = { ratio: 1.5, parent: CID.parse(link.toString()), digest: Uint8Array.from([1, 2, 3]), range: { to: 2n, from: 1 }, tags: ['a', 'b'] }
    accepted(await authorizeRoute(world, store, invocation, [notes], route, same))
  })

  it.each<[string, IPLDMap]>([
    ['tags', { tags: ['b', 'a'] }],
    ['tags', { tags: ['a', 'b', 'c'] }],
    ['range', { range: { from: 1, to: 3 } }],
    ['range', { range: { from: 1, to: 2, step: 1 } }],
    ['digest', { digest: new Uint8Array([1, 2, 4]) }],
    ['digest', { digest: '\u0001\u0002\u0003' }],
    ['digest', { digest: [1, 2, 3] }],
    ['parent', { parent: other }],
    ['parent', { parent: link.toString() }],
    ['ratio', { ratio: 1.25 }],
  ])('refuses a differing %s (%j)', async (key, change) => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: stated })
    const error = denied(await authorizeRoute(world, store, invocation, [notes], route, { ...stated, ...change }), ArgsMismatchError)
    expect(error.at).toBe(`args.${key}`)
  })
})

describe('expiry', () => {
  it('refuses an invocation without exp', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' }, expiration: null })
    const error = denied(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1' }), InvocationExpiryError)
    expect(error.at).toBe('payload.exp')
  })

  it('accepts exp exactly maxLifetime away and refuses one second more', async () => {
    const limit = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' }, expiration: NOW + MAX_INVOCATION_LIFETIME })
    accepted(await authorizeRoute(world, store, limit, [notes], readNote, { id: 'n1' }))
    const beyond = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' }, expiration: NOW + MAX_INVOCATION_LIFETIME + 1 })
    denied(await authorizeRoute(world, store, beyond, [notes], readNote, { id: 'n1' }), InvocationExpiryError)
  })

  it('takes the route’s own maxLifetime', async () => {
    const short: RouteRequirement<NoteRequest> = { ...readNote, maxLifetime: 60 }
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' }, expiration: NOW + 61 })
    denied(await authorizeRoute(world, store, invocation, [notes], short, { id: 'n1' }), InvocationExpiryError)
  })
})
