/**
 * A reservation id names one reservation, ever: once committed or refunded
 * it can be neither reserved nor settled again, in memory and in SQLite
 * (across a reopen of the file too).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createMemoryStore, openSqliteStore, ReusedReservationError, SCHEMA_VERSION, UnknownReservationError } from '../src/index.js'
import type { CapCharge, StateStore } from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-reuse-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 10 } }
const reserve = (store: StateStore, id: string) => store.ledger.reserve({ id, caps: [cap], bytes: 5, uses: 1, at: 1 })
const uses = async (store: StateStore) => (await store.ledger.usage([cap.cid])).get(cap.cid)

describe.each([
  ['memory', createMemoryStore],
  ['sqlite', () => openSqliteStore(join(dir, `reuse-${files++}.db`))],
] as [string, () => StateStore][])('%s ledger', (_name, open) => {
  it.each(['commit', 'refund'] as const)('refuses to reserve an id again after its %s, charging nothing', async (settle) => {
    const store = open()
    expect(await reserve(store, 'inv-1')).toEqual({ ok: true })
    await store.ledger[settle]('inv-1')
    const before = await uses(store)
    const error = await reserve(store, 'inv-1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReusedReservationError)
    expect((error as ReusedReservationError).code).toBe('ERR_RESERVATION_REUSED')
    expect(await uses(store)).toEqual(before)
    await expect(store.ledger.commit('inv-1')).rejects.toBeInstanceOf(UnknownReservationError)
    await expect(store.ledger.refund('inv-1')).rejects.toBeInstanceOf(UnknownReservationError)
    await store.close()
  })

  it('still reserves a fresh id, and an open id stays a duplicate, not a reuse', async () => {
    const store = open()
    expect(await reserve(store, 'inv-1')).toEqual({ ok: true })
    await store.ledger.commit('inv-1')
    expect(await reserve(store, 'inv-2')).toEqual({ ok: true })
    await expect(reserve(store, 'inv-2')).rejects.not.toBeInstanceOf(ReusedReservationError)
    expect(await uses(store)).toEqual({ bytes: 10, uses: 2 })
    await store.close()
  })
})

describe('sqlite settled ids', () => {
  it('outlive a reopen of the file', async () => {
    const file = join(dir, 'reopen.db')
    const first = openSqliteStore(file)
    expect(await reserve(first, 'inv-1')).toEqual({ ok: true })
    await first.ledger.refund('inv-1')
    await first.close()
    const second = openSqliteStore(file)
    await expect(reserve(second, 'inv-1')).rejects.toBeInstanceOf(ReusedReservationError)
    await second.close()
  })

  it('are kept in a version 1 file after it is migrated', async () => {
    const file = join(dir, 'v1.db')
    await openSqliteStore(file).close()
    const raw = new BetterSqlite3(file)
    raw.exec('DROP TABLE settled_reservations')
    raw.pragma('user_version = 1')
    raw.close()
    const store = openSqliteStore(file)
    expect(await reserve(store, 'inv-1')).toEqual({ ok: true })
    await store.ledger.commit('inv-1')
    await expect(reserve(store, 'inv-1')).rejects.toBeInstanceOf(ReusedReservationError)
    await store.close()
    const check = new BetterSqlite3(file)
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    check.close()
  })
})
