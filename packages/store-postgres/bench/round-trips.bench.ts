/**
 * What one round trip per call saves: a reservation through two caps made
 * by the store (one call of `capchain_reserve`) against the same charge as
 * an explicit transaction from the client (BEGIN, lock the caps, update
 * them, record the reservation, COMMIT: five round trips), `n` at once as
 * `n` requests in flight would, over a pool of 10 connections. The server
 * is the tests' (fsync off), so this measures round trips and server work,
 * not the disk. Divide the time by `n` for the cost per reservation.
 */
import pg from 'pg'
import { afterAll, bench, describe } from 'vitest'
import { openPostgresStore } from '../src/index.js'
import { startTestServer } from '../test/support/postgres.js'

const server = await startTestServer()
const url = await server.fresh()
const store = await openPostgresStore({ url, poolSize: 10 })
const pool = new pg.Pool({ connectionString: url, max: 10 })
// The server's shutdown at the end closes idle connections; that is not a failure of the bench.
pool.on('error', () => undefined)
const caps = [
  { cid: 'bafy-root', limit: {} },
  { cid: 'bafy-child', limit: {} },
]

afterAll(async () => {
  await store.close()
  await pool.end()
  await server.dispose()
})

let next = 0

async function reserveByTransaction(id: string): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT bytes, uses FROM cap_windows WHERE cid = ANY ($1) AND window_start = 0 ORDER BY cid FOR UPDATE', [caps.map((cap) => cap.cid)])
    await client.query('UPDATE cap_windows SET bytes = bytes + 1, uses = uses + 1 WHERE cid = ANY ($1) AND window_start = 0', [caps.map((cap) => cap.cid)])
    await client.query('INSERT INTO reservations (id, bytes, uses, created_at) VALUES ($1, 1, 1, 1)', [id])
    await client.query('COMMIT')
  } finally {
    client.release()
  }
}

await store.ledger.reserve({ id: 'seed', caps, bytes: 0, uses: 0, at: 1 })

for (const n of [1, 20]) {
  describe(`${n} concurrent reservations through two caps`, () => {
    bench('one statement (capchain_reserve)', async () => {
      await Promise.all(Array.from({ length: n }, () => store.ledger.reserve({ id: `inv-${next++}`, caps, bytes: 1, uses: 1, at: 1 })))
    })

    bench('a client-side transaction (5 round trips)', async () => {
      await Promise.all(Array.from({ length: n }, () => reserveByTransaction(`inv-${next++}`)))
    })
  })
}
