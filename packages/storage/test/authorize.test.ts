/**
 * authorizeStorageRequest: each accepted request next to its near miss.
 * The grant under test is the example: read-only access to /photos,
 * at most 1 GB of traffic and 500 requests, until Friday.
 */
import { CapchainError } from '@capchain/core/errors'
import { createInvocation } from '@capchain/core/token'
import type { Delegation, Invocation } from '@capchain/core/token'
import { encodeContainerString } from '@capchain/core/container'
import { AudienceMismatchError, CommandEscalationError, ExpiredError, PolicyViolationError, UndecodableTokenError } from '@capchain/verifier'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  authorizeStorageRequest,
  InvalidStorageArgsError,
  InvalidStoragePathError,
  InvocationExpiryError,
  OperationMismatchError,
  PathMismatchError,
  ReplayError,
  ReservationAmountError,
  SizeExceededError,
} from '../src/index.js'
import type { StateStore } from '@capchain/store'
import { accepted, authorize, DAY, denied, grant, invoke, memoryStore, makeWorld, NOW } from './fixtures.js'
import type { World } from './fixtures.js'

const GB = 1_000_000_000
const FRIDAY = NOW + 4 * DAY

let world: World
let readChain: readonly Delegation[]
let listChain: readonly Delegation[]
let store: StateStore

beforeAll(async () => {
  world = await makeWorld()
  const photos = await grant({
    issuer: world.user,
    audience: world.agent.did(),
    ops: ['read', 'list'],
    path: '/photos',
    maxSize: 100_000_000,
    cap: { bytes: GB, uses: 500 },
    expiration: FRIDAY,
  })
  readChain = photos.chains.read!
  listChain = photos.chains.list!
})

beforeEach(() => {
  store = memoryStore()
})

/** An invocation built without the profile's client-side checks, as a hostile client would. */
function raw(args: Record<string, unknown>, command = '/storage/read', chain = readChain, overrides: Partial<Parameters<typeof createInvocation>[0]> = {}): Promise<Invocation> {
  return createInvocation({
    issuer: world.agent,
    subject: world.user.did(),
    audience: world.service.did(),
    command,
    args: args as never,
    proofs: chain.map((d) => d.cid),
    expiration: NOW + 300,
    issuedAt: NOW,
    ...overrides,
  })
}

describe('operations', () => {
  it('accepts a read under /photos and reserves its bytes', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/cat.jpg', size: 2048, chain: readChain })
    const value = accepted(await authorize(invocation, readChain, store, world.service.did()))
    expect(value).toMatchObject({ op: 'read', path: '/photos/cat.jpg', size: 2048 })
    expect(value.authorization.subject).toBe(world.user.did())
    await value.reservation.commit()
  })

  it('writes nothing to the ledger for a chain without caps, and still holds a commit to what was reserved', async () => {
    const uncapped = (await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', expiration: FRIDAY })).chains.read!
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/cat.jpg', size: 2048, chain: uncapped })
    const value = accepted(await authorize(invocation, uncapped, store, world.service.did()))
    const keys = [...uncapped, invocation].map((token) => token.cid.toString())
    expect([...(await store.ledger.usage(keys)).values()]).toEqual(keys.map(() => ({ bytes: 0, uses: 0 })))
    // The same invocation again is still a replay.
    denied(await authorize(invocation, uncapped, store, world.service.did()), ReplayError)
    await expect(value.reservation.commit(2049)).rejects.toBeInstanceOf(ReservationAmountError)
    await expect(value.reservation.commit(-1)).rejects.toBeInstanceOf(ReservationAmountError)
    await value.reservation.commit(1024)
  })

  it('accepts a list, which moves no bytes', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'list', path: '/photos', chain: listChain })
    expect(accepted(await authorize(invocation, listChain, store, world.service.did())).size).toBe(0)
  })

  it('denies a write under a read-only grant (wrong op)', async () => {
    const invocation = await raw({ path: '/photos/cat.jpg', size: 10 }, '/storage/write')
    denied(await authorize(invocation, readChain, store, world.service.did()), CommandEscalationError)
  })

  it('denies a read invocation used for another operation', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 1, chain: readChain })
    denied(await authorize(invocation, readChain, store, world.service.did(), { op: 'delete' }), OperationMismatchError)
  })

  it('denies a command outside the profile', async () => {
    const invocation = await raw({ path: '/photos/a' }, '/storage')
    denied(await authorize(invocation, readChain, store, world.service.did(), { op: 'read' }), OperationMismatchError)
  })
})

describe('paths', () => {
  it.each(['/photos', '/photos/2024/cat.jpg'])('accepts %s inside the grant', async (path) => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path, size: 1, chain: readChain })
    accepted(await authorize(invocation, readChain, store, world.service.did()))
  })

  it('denies a sibling that shares the prefix (segment-aware)', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos-private/a', size: 1, chain: readChain })
    denied(await authorize(invocation, readChain, store, world.service.did()), PolicyViolationError)
  })

  it.each([
    ['/photos/../secret', 'dot-segment'],
    ['/photos/./../../secret', 'dot-segment'],
    ['/photos/%2e%2e/secret', 'percent'],
    ['/photos%2f..%2fsecret', 'percent'],
    ['/photos/..%5csecret', 'percent'],
    ['/photos//secret', 'empty-segment'],
    ['/photos/', 'trailing-slash'],
    ['/photos/a\u0000.jpg', 'control'],
    ['/photos\\..\\secret', 'backslash'],
    ['/photos/\uFF0E\uFF0E/secret', 'not-nfkc'],
  ])('rejects %j before any policy is evaluated (%s)', async (path, reason) => {
    // Every one of these matches `like "/photos/*"`: only the path rules stop them.
    const invocation = await raw({ path, size: 1 })
    const error = denied(await authorize(invocation, readChain, store, world.service.did(), { path }), InvalidStoragePathError)
    expect(error).toMatchObject({ reason, at: 'args.path' })
  })

  it('accepts an NFC path and rejects the same name in NFD', async () => {
    const cafe = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/caf\u00e9' })
    const chain = cafe.chains.read!
    const nfc = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/caf\u00e9/menu.pdf', size: 1, chain })
    accepted(await authorize(nfc, chain, store, world.service.did()))
    const nfd = await raw({ path: '/cafe\u0301/menu.pdf', size: 1 }, '/storage/read', chain)
    expect(denied(await authorize(nfd, chain, store, world.service.did()), InvalidStoragePathError).reason).toBe('not-nfc')
  })

  it('denies a request for another path than the invocation names', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a.jpg', size: 1, chain: readChain })
    denied(await authorize(invocation, readChain, store, world.service.did(), { path: '/photos/b.jpg' }), PathMismatchError)
  })

  it('refuses to build an invocation with a hostile path', async () => {
    await expect(invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/../x', size: 1, chain: readChain })).rejects.toThrow(InvalidStoragePathError)
  })
})

describe('sizes', () => {
  it('accepts a read at the per-request ceiling and denies one byte more', async () => {
    const at = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/big', size: 100_000_000, chain: readChain })
    accepted(await authorize(at, readChain, store, world.service.did()))
    const over = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/big', size: 100_000_001, chain: readChain })
    denied(await authorize(over, readChain, store, world.service.did()), PolicyViolationError)
  })

  it('accepts moving fewer bytes than declared, and denies moving more', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 100, chain: readChain })
    denied(await authorize(invocation, readChain, store, world.service.did(), { size: 101 }), SizeExceededError)
    expect(accepted(await authorize(invocation, readChain, store, world.service.did(), { size: 60 })).size).toBe(60)
  })

  it('needs a declared size for a read, and refuses one on a list', async () => {
    const noSize = await raw({ path: '/photos/a' })
    denied(await authorize(noSize, readChain, store, world.service.did(), { size: 1 }), InvalidStorageArgsError)
    const listWithSize = await raw({ path: '/photos', size: 5 }, '/storage/list', listChain)
    denied(await authorize(listWithSize, listChain, store, world.service.did(), { op: 'list' }), InvalidStorageArgsError)
  })

  it('refuses arguments outside the profile', async () => {
    const invocation = await raw({ path: '/photos/a', size: 1, op: 'read' })
    denied(await authorize(invocation, readChain, store, world.service.did()), InvalidStorageArgsError)
  })
})

describe('subject admission', () => {
  it("refuses an unadmitted subject before the profile, and the same invocation is served once it is admitted", async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/cat.jpg', size: 2048, chain: readChain })
    const notServed = new CapchainError('ERR_TEST_NOT_SERVED', `${world.user.did()} is not served here`)
    const refused = await authorize(invocation, readChain, store, world.service.did(), { op: 'delete', admit: () => notServed })
    expect(refused).toEqual({ ok: false, error: notServed, links: [] })
    accepted(await authorize(invocation, readChain, store, world.service.did(), { admit: () => undefined }))
  })
})

describe('addressing and lifetime', () => {
  it('denies an invocation addressed to another service', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.outsider.did(), op: 'read', path: '/photos/a', size: 1, chain: readChain })
    const result = await authorize(invocation, readChain, store, world.service.did())
    denied(result, AudienceMismatchError)
    // The denial carries the chain as the verifier read it, root first, for explain().
    expect(result.ok ? [] : result.links.map((link) => link.cid.toString())).toEqual([...readChain, invocation].map((t) => t.cid.toString()))
  })

  it('carries no links for a request refused before its chain is read', async () => {
    const invocation = await raw({ path: '/photos/a', size: 1, op: 'read' })
    const result = await authorize(invocation, readChain, store, world.service.did())
    denied(result, InvalidStorageArgsError)
    expect(result.ok ? undefined : result.links).toEqual([])
  })

  it('denies an invocation without exp, or valid for longer than an hour', async () => {
    const forever = await raw({ path: '/photos/a', size: 1 }, '/storage/read', readChain, { expiration: null })
    denied(await authorize(forever, readChain, store, world.service.did()), InvocationExpiryError)
    const long = await raw({ path: '/photos/a', size: 1 }, '/storage/read', readChain, { expiration: NOW + 3601 })
    denied(await authorize(long, readChain, store, world.service.did()), InvocationExpiryError)
    const hour = await raw({ path: '/photos/a', size: 1 }, '/storage/read', readChain, { expiration: NOW + 3600 })
    accepted(await authorize(hour, readChain, store, world.service.did()))
  })

  it('denies after Friday', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 1, chain: readChain, expiration: FRIDAY + 300 })
    denied(await authorize(invocation, readChain, store, world.service.did(), { now: FRIDAY + 120 }), ExpiredError)
  })
})

describe('replay', () => {
  it('executes an invocation once within its window, and sweeps its record after', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 10, chain: readChain, expiration: NOW + 300 })
    accepted(await authorize(invocation, readChain, store, world.service.did()))
    const again = denied(await authorize(invocation, readChain, store, world.service.did(), { now: NOW + 200 }), ReplayError)
    expect(again).toMatchObject({ code: 'ERR_REPLAY', cid: invocation.cid.toString() })
    // The record lasts until exp plus the clock skew the verifier allows, then goes.
    expect(await store.replay.sweep(NOW + 360, 0)).toBe(0)
    expect(await store.replay.sweep(NOW + 361, 0)).toBe(1)
    // By then the invocation itself no longer verifies.
    denied(await authorize(invocation, readChain, store, world.service.did(), { now: NOW + 361 }), ExpiredError)
  })

  it('lets a fresh invocation for the same request through', async () => {
    const make = () => invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 10, chain: readChain })
    accepted(await authorize(await make(), readChain, store, world.service.did()))
    accepted(await authorize(await make(), readChain, store, world.service.did()))
  })
})

describe('how the request arrives', () => {
  it('takes the proofs as a UCAN container, with the cap still charged', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 7, chain: readChain })
    const container = encodeContainerString(readChain.map((d) => d.bytes))
    accepted(await authorize(invocation, readChain, store, world.service.did(), { proofs: container }))
    const cid = readChain[0]!.cid.toString()
    expect((await store.ledger.usage([cid])).get(cid)).toEqual({ bytes: 7, uses: 1 })
  })

  it('looks up proofs not supplied through resolve, with the cap still charged', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 7, chain: readChain })
    const byCid = new Map(readChain.map((d) => [d.cid.toString(), d.bytes]))
    const resolve = async (cid: { toString(): string }) => byCid.get(cid.toString())
    accepted(await authorize(invocation, readChain, store, world.service.did(), { proofs: [], resolve }))
    const cid = readChain[0]!.cid.toString()
    expect((await store.ledger.usage([cid])).get(cid)).toEqual({ bytes: 7, uses: 1 })
  })

  it('re-reads a decoded invocation from its bytes', async () => {
    const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 7, chain: readChain })
    // A decoded object whose args were edited after signing: the bytes still say /photos/a.
    const edited: Invocation = { ...invocation, payload: { ...invocation.payload, args: { path: '/photos/b', size: 7 } } }
    denied(await authorize(edited, readChain, store, world.service.did(), { invocation: edited, path: '/photos/b' }), PathMismatchError)
  })

  it('denies bytes that are not an invocation', async () => {
    const result = await authorizeStorageRequest({
      invocation: new Uint8Array([1, 2, 3]),
      service: world.service.did(),
      store,
      now: NOW,
      op: 'read',
      path: '/photos/a',
      size: 1,
    })
    denied(result, UndecodableTokenError)
  })
})
