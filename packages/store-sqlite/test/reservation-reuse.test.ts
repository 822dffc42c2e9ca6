/**
 * A reservation id names one reservation, ever, in SQLite too: once
 * committed or refunded it can be neither reserved nor settled again, across
 * a reopen of the file and after a version 1 file is migrated (its totals and
 * open reservations kept).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ReusedReservationError } from '@capchain/store'
import type { CapCharge, StateStore } from '@capchain/store'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { describeReservationReuse } from '../../store/test/support/reservation-reuse.js'
import { openSqliteStore, SCHEMA_VERSION } from '../src/index.js'
import { writeV1File } from './fixtures/v1-file.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-reuse-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 10 } }
const reserve = (store: StateStore, id: string) => store.ledger.reserve({ id, caps: [cap], bytes: 5, uses: 1, at: 1 })

describeReservationReuse('sqlite', () => openSqliteStore(join(dir, `reuse-${files++}.db`)))

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
    writeV1File(file)
    const store = openSqliteStore(file)
    // The open reservation and the totals carried over to window 0, where a cap without a period is charged.
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 15, uses: 3 })
    await store.ledger.refund('inv-open')
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 10, uses: 2 })
    expect(await reserve(store, 'inv-1')).toEqual({ ok: true })
    await store.ledger.commit('inv-1')
    await expect(reserve(store, 'inv-1')).rejects.toBeInstanceOf(ReusedReservationError)
    await store.close()
    const check = new BetterSqlite3(file)
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    check.close()
  })
})
