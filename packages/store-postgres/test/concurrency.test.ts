/**
 * Many connections at once against one database: caps are never overrun,
 * a claim or a reservation id is won once, and instances starting together
 * migrate once.
 */
import { DuplicateReservationError, StoreSchemaError, StoreUnavailableError } from '@capchain/store'
import type { CapCharge } from '@capchain/store'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, openPostgresStore, SCHEMA_VERSION } from '../src/index.js'
import { START_TIMEOUT_MS, startTestServer } from './support/postgres.js'
import type { TestServer } from './support/postgres.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
}, START_TIMEOUT_MS)
afterAll(() => server.dispose())

const open = async (poolSize: number) => openPostgresStore({ url: await server.fresh(), poolSize })

describe('postgres store under concurrent writers', () => {
  it('accepts exactly the cap from 50 concurrent reservations over 8 connections, listing caps in either order', async () => {
    const store = await open(8)
    const root: CapCharge = { cid: 'bafy-root', limit: { bytes: 1000 } }
    const child: CapCharge = { cid: 'bafy-child', limit: { bytes: 5000, uses: 40 } }
    // Half list the caps one way, half the other: the row locks are taken in cid order, so neither order deadlocks.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.ledger.reserve({ id: `inv-${i}`, caps: i % 2 === 0 ? [root, child] : [child, root], bytes: 40, uses: 1, at: 1 }),
      ),
    )
    expect(results.filter((result) => result.ok)).toHaveLength(25)
    for (const result of results.filter((result) => !result.ok)) {
      expect(result).toEqual({ ok: false, exhausted: { cid: 'bafy-root', dimension: 'bytes', limit: 1000, used: 1000, requested: 40 } })
    }
    const usage = await store.ledger.usage([root.cid, child.cid])
    expect(usage.get(root.cid)).toEqual({ bytes: 1000, uses: 25 })
    expect(usage.get(child.cid)).toEqual({ bytes: 1000, uses: 25 })
    expect(await store.openReservations()).toHaveLength(25)
    await store.close()
  })

  it('refuses the 51st use of a 50-use cap among 60 concurrent reservations', async () => {
    const store = await open(8)
    const counted: CapCharge = { cid: 'bafy-counted', limit: { uses: 50 } }
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => store.ledger.reserve({ id: `inv-${i}`, caps: [counted], bytes: 0, uses: 1, at: 1 })),
    )
    expect(results.filter((result) => result.ok)).toHaveLength(50)
    expect((await store.ledger.usage([counted.cid])).get(counted.cid)).toEqual({ bytes: 0, uses: 50 })
    await store.close()
  })

  it('gives one reservation id to one of 20 connections reserving it at once; the others are duplicates, charged nothing', async () => {
    const store = await open(20)
    const cap: CapCharge = { cid: 'bafy-cap', limit: { bytes: 1000 } }
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => store.ledger.reserve({ id: 'inv-same', caps: [cap], bytes: 10, uses: 1, at: 1 })),
    )
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
    for (const outcome of outcomes.filter((outcome) => outcome.status === 'rejected')) {
      expect(outcome.reason).toBeInstanceOf(DuplicateReservationError)
    }
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 10, uses: 1 })
    await store.close()
  })

  it('settles a reservation once when 20 connections commit it at once', async () => {
    const store = await open(20)
    const cap: CapCharge = { cid: 'bafy-cap', limit: { bytes: 1000 } }
    expect(await store.ledger.reserve({ id: 'inv-1', caps: [cap], bytes: 100, uses: 1, at: 1 })).toEqual({ ok: true })
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.ledger.commit('inv-1', i)))
    const won = outcomes.findIndex((outcome) => outcome.status === 'fulfilled')
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: won, uses: 1 })
    await store.close()
  })

  it('lets exactly one of 20 connections claim one CID at once, and one take over an expired record', async () => {
    const store = await open(20)
    const fresh = await Promise.all(Array.from({ length: 20 }, () => store.replay.claim('bafy-inv', 200, 100)))
    expect(fresh.filter(Boolean)).toHaveLength(1)
    const takeover = await Promise.all(Array.from({ length: 20 }, () => store.replay.claim('bafy-inv', 2000, 1000)))
    expect(takeover.filter(Boolean)).toHaveLength(1)
    expect(await store.replay.claim('bafy-inv', 2000, 1500)).toBe(false)
    await store.close()
  })
})

describe('postgres migrations', () => {
  it('run once when five instances start together, and are a no-op after', async () => {
    const url = await server.fresh()
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore({ url, poolSize: 1 })))
    await Promise.all(stores.map((store) => store.close()))
    expect(await migrate(url)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION })
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const { rows } = await client.query<{ version: number }>('SELECT version FROM capchain_schema ORDER BY version')
    await client.end()
    expect(rows.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1))
  })

  it('migrate brings an empty database to the current version, which a store then opens as is', async () => {
    const url = await server.fresh()
    expect(await migrate(url)).toEqual({ from: 0, to: SCHEMA_VERSION })
    const store = await openPostgresStore({ url })
    expect(await store.replay.claim('bafy-inv', 200, 100)).toBe(true)
    await store.close()
  })

  it('refuses a database with a newer schema, at open and in migrate', async () => {
    const url = await server.fresh()
    await migrate(url)
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query('INSERT INTO capchain_schema (version) VALUES ($1)', [SCHEMA_VERSION + 1])
    await client.end()
    await expect(openPostgresStore({ url })).rejects.toBeInstanceOf(StoreSchemaError)
    await expect(migrate(url)).rejects.toBeInstanceOf(StoreSchemaError)
  })

  it('fails to open with StoreUnavailableError when nothing listens at the URL', async () => {
    const url = new URL(await server.fresh())
    url.port = '1'
    await expect(openPostgresStore({ url: url.toString() })).rejects.toBeInstanceOf(StoreUnavailableError)
    await expect(migrate(url.toString())).rejects.toBeInstanceOf(StoreUnavailableError)
  })
})
