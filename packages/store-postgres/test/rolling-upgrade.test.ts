/**
 * Rolling upgrades on one database: an instance of release 3 (schema
 * version 3, the unversioned functions) keeps working after this release
 * migrated, until the operator drops the old functions; an instance whose
 * code is older than the database's schema refuses to start, naming both versions.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StoreSchemaError } from '@capchain/store'
import type { CapCharge, ReserveRequest } from '@capchain/store'
import { dropOldFunctions, openPostgresStore, SCHEMA_VERSION } from '../src/index.js'
import { reserveParameters } from '../src/ledger.js'
import { V1 } from '../src/migrations/v1.js'
import { V2 } from '../src/migrations/v2.js'
import { V3 } from '../src/migrations/v3.js'
import { START_TIMEOUT_MS, startTestServer } from './support/postgres.js'
import type { TestServer } from './support/postgres.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
}, START_TIMEOUT_MS)
afterAll(() => server.dispose())

const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 3 } }
const request = (id: string): ReserveRequest => ({ id, caps: [cap], bytes: 0, uses: 1, at: 1 })

/** A connection that calls what release 3's store called: `capchain_reserve` and `capchain_settle`, unversioned. */
async function releaseThree(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return client
}

const reserveAsReleaseThree = (client: pg.Client, id: string) =>
  client.query<{ outcome: string }>(
    'SELECT outcome FROM capchain_reserve($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::numeric[], $11::numeric[])',
    reserveParameters(request(id)),
  )

describe('postgres rolling upgrades', () => {
  it('keeps a release 3 instance working after this release migrated, on the same caps, until --drop-old', async () => {
    const url = await server.fresh()
    const old = await releaseThree(url)
    try {
      await old.query('CREATE TABLE capchain_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
      for (const [index, sql] of [V1, V2, V3].entries()) {
        await old.query(sql)
        await old.query('INSERT INTO capchain_schema (version) VALUES ($1)', [index + 1])
      }
      expect((await reserveAsReleaseThree(old, 'inv-old-1')).rows).toEqual([{ outcome: 'ok' }])
      const store = await openPostgresStore({ url, poolSize: 1 })
      try {
        expect(await store.ledger.reserve(request('inv-new'))).toEqual({ ok: true })
        expect((await reserveAsReleaseThree(old, 'inv-old-2')).rows).toEqual([{ outcome: 'ok' }])
        expect((await old.query(`SELECT outcome FROM capchain_settle('inv-new', NULL, false)`)).rows).toEqual([{ outcome: 'ok' }])
        // Both releases charge one cap: the third use fills it, a fourth is refused by either.
        expect((await store.ledger.reserve(request('inv-4'))).ok).toBe(false)
        expect((await reserveAsReleaseThree(old, 'inv-5')).rows).toEqual([{ outcome: 'exhausted' }])
        expect(await dropOldFunctions(url)).toHaveLength(3)
        await expect(reserveAsReleaseThree(old, 'inv-6')).rejects.toThrow(/capchain_reserve\(.*\) does not exist/)
        await store.ledger.refund('inv-old-1')
        expect(await store.ledger.reserve(request('inv-7'))).toEqual({ ok: true })
      } finally {
        await store.close()
      }
    } finally {
      await old.end()
    }
  })

  it('refuses to start code older than the schema, naming both versions, and drops nothing of a newer release', async () => {
    const url = await server.fresh()
    const store = await openPostgresStore({ url, poolSize: 1 })
    await store.close()
    const newer = await releaseThree(url)
    try {
      await newer.query('INSERT INTO capchain_schema (version) VALUES ($1)', [SCHEMA_VERSION + 1])
    } finally {
      await newer.end()
    }
    const refused = openPostgresStore({ url, poolSize: 1 })
    await expect(refused).rejects.toBeInstanceOf(StoreSchemaError)
    await expect(refused).rejects.toMatchObject({ code: 'ERR_STORE_SCHEMA', found: SCHEMA_VERSION + 1, expected: SCHEMA_VERSION })
    await expect(dropOldFunctions(url)).rejects.toBeInstanceOf(StoreSchemaError)
  })
})
