/**
 * Schema version 5 on a file version 4 wrote: its replay records move to
 * the append-only log, each still refusing its replay until its window and
 * the margin have passed, then taken over once and kept as one record.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_REPLAY_MARGIN } from '@capchain/store'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore, SCHEMA_VERSION } from '../src/index.js'
import { replayAsV4 } from './fixtures/v4-replay.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-schema-v5-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('sqlite schema version 5', () => {
  it('migrates a version 4 file, keeping every replay record', async () => {
    const file = join(dir, 'v4.db')
    const first = openSqliteStore(file)
    expect(await Promise.all([first.replay.claim('bafy-short', 200, 100), first.replay.claim('bafy-long', 900, 100)])).toEqual([true, true])
    await first.close()
    const raw = new BetterSqlite3(file)
    replayAsV4(raw)
    raw.pragma('user_version = 4')
    raw.close()

    const store = openSqliteStore(file)
    try {
      const check = new BetterSqlite3(file, { readonly: true })
      expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(check.prepare("SELECT name FROM sqlite_schema WHERE name IN ('replay', 'replay_log') ORDER BY name").all()).toEqual([{ name: 'replay_log' }])
      check.close()
      const later = 201 + DEFAULT_REPLAY_MARGIN
      expect(await store.replay.claim('bafy-long', 900, later)).toBe(false)
      expect(await store.replay.claim('bafy-short', 200, 200 + DEFAULT_REPLAY_MARGIN)).toBe(false)
      // Past its window and the margin, a record is taken over by one claim, and stays one record.
      expect(await Promise.all([store.replay.claim('bafy-short', 950, later), store.replay.claim('bafy-short', 950, later)])).toEqual([true, false])
      expect(await store.replay.sweep(later)).toBe(0)
      expect(await store.replay.sweep(951 + DEFAULT_REPLAY_MARGIN)).toBe(2)
      expect(await store.replay.claim('bafy-long', 2000, 2000)).toBe(true)
    } finally {
      await store.close()
    }
  })
})
