/**
 * The statements the PostgreSQL store receives per request through the
 * guard's pipeline (docs/performance.md, "Several instances on
 * PostgreSQL"), counted at the pool: real signed chains, a real server.
 */
import { createRequire } from 'node:module'
import { envelopeIdentity } from '@capchain/core/envelope'
import { createDelegation } from '@capchain/core/token'
import type { Delegation, Invocation } from '@capchain/core/token'
import { authorizeInvocation, capStatement, CapExceededError, ReplayError, routeRequirement } from '@capchain/guard'
import type { InvocationRequirement } from '@capchain/guard'
import { openPostgresStore } from '@capchain/store-postgres'
import type { PostgresStore } from '@capchain/store-postgres'
import { RevokedError } from '@capchain/verifier'
import type pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { accepted, authorizeRoute, DAY, delegate, denied, invoke, makeWorld, NOW, readNote } from '../../guard/test/fixtures.js'
import type { NoteRequest, World } from '../../guard/test/fixtures.js'
import { START_TIMEOUT_MS, startTestServer } from '../../store-postgres/test/support/postgres.js'
import type { TestServer } from '../../store-postgres/test/support/postgres.js'

type Query = (...args: unknown[]) => unknown

// The `pg` the store itself loads (a dependency of the store's package, not of this one).
const { Pool } = createRequire(new URL('../../store-postgres/package.json', import.meta.url))('pg') as typeof pg

let server: TestServer
let world: World
let statements = 0
const query = Pool.prototype.query as Query
beforeAll(async () => {
  ;[server, world] = await Promise.all([startTestServer(), makeWorld()])
  // Counting, in this test only: every statement the store sends goes through its pool's query.
  ;(Pool.prototype as { query: Query }).query = function (this: pg.Pool, ...args: unknown[]) {
    statements++
    return query.apply(this, args)
  }
}, START_TIMEOUT_MS)
afterAll(async () => {
  ;(Pool.prototype as { query: Query }).query = query
  await server.dispose()
})

let store: PostgresStore
beforeEach(async () => {
  store = await openPostgresStore({ url: await server.fresh(), poolSize: 2 })
  return () => store.close()
})

/** How many statements `work` sends to the store. */
async function counted<T>(work: () => Promise<T>): Promise<{ value: T; statements: number }> {
  const before = statements
  const value = await work()
  return { value, statements: statements - before }
}

const capped = () =>
  createDelegation({
    issuer: world.user,
    audience: world.agent.did(),
    subject: world.user.did(),
    command: '/notes',
    policy: [capStatement({ bytes: 100 })],
    expiration: NOW + DAY,
  })

/** A new read of `request` through `chain`, and how to send it (again). */
async function read(chain: readonly Delegation[], request: NoteRequest) {
  const invocation = await invoke(world, chain, { command: '/notes/read', args: request.size === undefined ? { id: request.id } : { ...request } })
  return { invocation, run: () => authorizeRoute(world, store, invocation, chain, readNote, request) }
}

const identityOf = (invocation: Invocation) => envelopeIdentity(invocation.envelope).toString()

describe('statements per request on the PostgreSQL store', () => {
  it('a chain without caps: one statement (revocation, replay claim); its replay: one, denied', async () => {
    const chain = [await delegate(world)]
    const { run } = await read(chain, { id: 'n1' })
    expect(await counted(async () => accepted(await run()))).toMatchObject({ statements: 1 })
    expect(await counted(async () => denied(await run(), ReplayError))).toMatchObject({ statements: 1 })
  })

  it('a chain with a cap: one to admit (revocation, claim, reservation), one to settle', async () => {
    const chain = [await capped()]
    const { run } = await read(chain, { id: 'n1', size: 40 })
    const { value, statements: admitting } = await counted(async () => accepted(await run()))
    expect(admitting).toBe(1)
    expect(await counted(() => value.reservation.commit(30))).toMatchObject({ statements: 1 })
    expect((await store.ledger.usage([chain[0]!.cid.toString()])).get(chain[0]!.cid.toString())).toEqual({ bytes: 30, uses: 1 })
  })

  it('an exhausted cap: one statement, denied, the invocation claimed (decided once)', async () => {
    const chain = [await capped()]
    const { invocation, run } = await read(chain, { id: 'n1', size: 101 })
    expect(await counted(async () => denied(await run(), CapExceededError))).toMatchObject({ statements: 1 })
    expect(await store.replay.claim(identityOf(invocation), NOW + 300, NOW)).toBe(false)
  })

  it('a revoked chain: one statement, denied with the RevokedError naming the link', async () => {
    const chain = [await delegate(world)]
    await store.revocations.add({ cid: chain[0]!.cid.toString(), revoker: world.user.did(), at: NOW, invocation: 'bafy-revoke' })
    const { run } = await read(chain, { id: 'n1' })
    const { value } = await counted(async () => denied(await run(), RevokedError))
    expect(value.cid).toBe(chain[0]!.cid.toString())
    expect(await counted(async () => denied(await run(), RevokedError))).toMatchObject({ statements: 1 })
  })

  it('a measured request with a cap: one to admit, one to reserve what the measure found, one to settle', async () => {
    const chain = [await capped()]
    const invocation = await invoke(world, chain, { command: '/notes/read', args: { id: 'n1', size: 40 } })
    const route = await routeRequirement(readNote, { id: 'n1', size: 40 })
    const measured: InvocationRequirement = { ...route, measure: async () => 25 }
    const request = { invocation: invocation.bytes, proofs: chain.map((d) => d.bytes), service: world.service.did(), store, now: NOW }
    const { value, statements: admitting } = await counted(async () => accepted(await authorizeInvocation(request, measured)))
    expect(admitting).toBe(2)
    expect(value.bytes).toBe(25)
    expect(await counted(() => value.reservation.commit())).toMatchObject({ statements: 1 })
  })
})
