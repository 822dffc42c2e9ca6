/**
 * Migration 2 on a database that version 1 wrote and used: its totals and an
 * open reservation carry over to window 0, and settle there.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresStore, SCHEMA_VERSION } from '../src/index.js'
import { V1 } from '../src/migrations/v1.js'
import { START_TIMEOUT_MS, startTestServer } from './support/postgres.js'
import type { TestServer } from './support/postgres.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
}, START_TIMEOUT_MS)
afterAll(() => server.dispose())

/** A schema at version 1 with `bafy-cap` charged twice through version 1's own function, once still open. */
async function versionOne(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('CREATE TABLE capchain_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
    await client.query(V1)
    await client.query('INSERT INTO capchain_schema (version) VALUES (1)')
    const reserve = `SELECT outcome FROM capchain_reserve($1, 5, 1, 1, ARRAY['bafy-cap'], ARRAY[100]::bigint[], ARRAY[10]::bigint[])`
    for (const id of ['inv-done', 'inv-open']) expect((await client.query(reserve, [id])).rows).toEqual([{ outcome: 'ok' }])
    expect((await client.query(`SELECT outcome FROM capchain_settle('inv-done', NULL, false)`)).rows).toEqual([{ outcome: 'ok' }])
  } finally {
    await client.end()
  }
}

describe('postgres migration 2', () => {
  it('keeps version 1 totals and open reservations, in window 0', async () => {
    const url = await server.fresh()
    await versionOne(url)
    const store = await openPostgresStore({ url, poolSize: 1 })
    try {
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2)
      expect((await store.ledger.usage(['bafy-cap'])).get('bafy-cap')).toEqual({ bytes: 10, uses: 2 })
      await store.ledger.refund('inv-open')
      expect((await store.ledger.usage(['bafy-cap'])).get('bafy-cap')).toEqual({ bytes: 5, uses: 1 })
      const cap = { cid: 'bafy-cap', limit: { bytes: 100, uses: 10, amounts: { wei: 7n } } }
      expect(await store.ledger.reserve({ id: 'inv-new', caps: [cap], bytes: 5, uses: 1, amounts: { wei: 7n }, at: 2 })).toEqual({ ok: true })
      expect((await store.ledger.usage(['bafy-cap'])).get('bafy-cap')).toEqual({ bytes: 10, uses: 2, amounts: { wei: 7n } })
    } finally {
      await store.close()
    }
  })
})
