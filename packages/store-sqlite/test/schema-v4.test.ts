/**
 * Schema version 4 on a file version 3 wrote: only the settled ids' age
 * index is added (what the sweep reads through), every row kept, and the
 * sweep then finds an old settled id by that index.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ReusedReservationError } from '@capchain/store'
import type { CapCharge } from '@capchain/store'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore, SCHEMA_VERSION } from '../src/index.js'
import { replayAsV4 } from './fixtures/v4-replay.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-schema-v4-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 10 } }

describe('sqlite schema version 4', () => {
  it('migrates a version 3 file by adding the sweep index, keeping its rows', async () => {
    const file = join(dir, 'v3.db')
    const first = openSqliteStore(file)
    for (const id of ['inv-done', 'inv-open']) expect(await first.ledger.reserve({ id, caps: [cap], bytes: 0, uses: 1, at: 1 })).toEqual({ ok: true })
    await first.ledger.commit('inv-done')
    await first.close()
    // What version 3 left: the same tables, without the index.
    const raw = new BetterSqlite3(file)
    replayAsV4(raw)
    raw.exec('DROP INDEX settled_reserved_at')
    raw.pragma('user_version = 3')
    raw.close()

    const store = openSqliteStore(file)
    try {
      const check = new BetterSqlite3(file, { readonly: true })
      expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      const plan = check.prepare('EXPLAIN QUERY PLAN SELECT id FROM settled_reservations WHERE reserved_at < 5').all() as { detail: string }[]
      expect(plan.map((row) => row.detail).join()).toContain('settled_reserved_at')
      check.close()
      await expect(store.ledger.reserve({ id: 'inv-done', caps: [cap], bytes: 0, uses: 1, at: 2 })).rejects.toBeInstanceOf(ReusedReservationError)
      expect(await store.sweep!({ now: 1_000_000 })).toEqual({ replay: 0, settled: 1, windows: 0 })
      await store.ledger.commit('inv-open')
      expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 0, uses: 2 })
    } finally {
      await store.close()
    }
  })
})
