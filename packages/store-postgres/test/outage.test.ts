/**
 * The server stopped and started again under load: every call made while it
 * is down fails with StoreUnavailableError, the store reconnects by itself
 * once it is back, and the ledger holds exactly the charges of the
 * reservations it records (none half-applied), which an operator lists and
 * settles. A server of its own, always: this file stops it.
 */
import { StoreUnavailableError } from '@capchain/store'
import type { CapCharge } from '@capchain/store'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openPostgresStore } from '../src/index.js'
import { Load } from './support/load.js'
import { START_TIMEOUT_MS, startTestServer } from './support/postgres.js'
import type { TestServer } from './support/postgres.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ embedded: true })
}, START_TIMEOUT_MS)
afterAll(() => server.dispose())

const root: CapCharge = { cid: 'bafy-root', limit: { bytes: 10_000_000 } }
const child: CapCharge = { cid: 'bafy-child', limit: {} }

it(
  'fails with StoreUnavailableError while the server is down, reconnects after, and never half-applies a charge',
  async () => {
    const store = await openPostgresStore({ url: await server.fresh(), poolSize: 4 })
    const load = new Load((id) => store.ledger.reserve({ id, caps: [root, child], bytes: 7, uses: 1, at: 1 }), 4)
    await load.acceptedMore(20)

    await server.stop()
    const down = await store.ledger.reserve({ id: 'during-outage', caps: [root], bytes: 7, uses: 1, at: 1 }).catch((e: unknown) => e)
    expect(down).toBeInstanceOf(StoreUnavailableError)
    expect((down as StoreUnavailableError).code).toBe('ERR_STORE_UNAVAILABLE')
    await expect(store.replay.claim('bafy-inv', 200, 100)).rejects.toBeInstanceOf(StoreUnavailableError)
    await expect(store.ledger.usage([root.cid])).rejects.toBeInstanceOf(StoreUnavailableError)

    await server.start()
    await load.acceptedMore(20)
    await load.stop()
    expect(load.failures.length).toBeGreaterThan(0)
    for (const failure of load.failures) expect(failure).toBeInstanceOf(StoreUnavailableError)

    // Every accepted reservation is recorded; a failed one is recorded whole or not at all
    // (lost after the server committed), and the caps hold exactly what the records charged.
    const open = await store.openReservations()
    const recorded = new Set(open.map((reservation) => reservation.id))
    for (const id of load.accepted) expect(recorded.has(id)).toBe(true)
    expect(recorded.has('during-outage')).toBe(false)
    expect(open.length - load.accepted.size).toBeLessThanOrEqual(load.failures.length)
    for (const reservation of open) expect(reservation.caps).toEqual([child.cid, root.cid])
    const usage = await store.ledger.usage([root.cid, child.cid])
    expect(usage.get(root.cid)).toEqual({ bytes: 7 * open.length, uses: open.length })
    expect(usage.get(child.cid)).toEqual({ bytes: 7 * open.length, uses: open.length })

    // The operator settles what the interrupted requests left open.
    for (const reservation of open) await store.ledger.refund(reservation.id)
    expect(await store.openReservations()).toEqual([])
    expect(Object.fromEntries(await store.ledger.usage([root.cid]))).toEqual({ [root.cid]: { bytes: 0, uses: 0 } })
    await store.close()
  },
  START_TIMEOUT_MS,
)
