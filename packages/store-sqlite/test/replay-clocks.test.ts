/**
 * Two service instances sharing one SQLite store, their clocks apart by
 * less than the clock skew they accept: the one running ahead sweeps, the
 * one running behind must still refuse a replay of an invocation whose
 * window, by its own clock, has not ended.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_REPLAY_MARGIN } from '@capchain/store'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-replay-clocks-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const SKEW = 60
const EXP = 1000
/** What the storage profile records: the invocation's exp plus the skew. */
const WINDOW_END = EXP + SKEW

describe('replay records across instances with clocks apart', () => {
  it('the instance ahead does not sweep a record the one behind still needs', async () => {
    const path = join(dir, 'shared.db')
    const behind = openSqliteStore(path)
    const ahead = openSqliteStore(path)
    try {
      const lag = SKEW - 1
      const behindNow = WINDOW_END - 1
      expect(await behind.replay.claim('bafy-inv', WINDOW_END, behindNow - 10)).toBe(true)
      // Ahead's clock reads past the window; behind's is still inside it.
      expect(await ahead.replay.sweep(behindNow + lag, SKEW)).toBe(0)
      expect(await behind.replay.claim('bafy-inv', WINDOW_END, behindNow)).toBe(false)
      // The default margin is the default skew.
      expect(await ahead.replay.sweep(behindNow + lag)).toBe(0)
      expect(await behind.replay.claim('bafy-inv', WINDOW_END, behindNow)).toBe(false)
      // Once even the slowest clock the skew allows is past the window, the record goes.
      expect(await ahead.replay.sweep(WINDOW_END + DEFAULT_REPLAY_MARGIN + 1)).toBe(1)
    } finally {
      await behind.close()
      await ahead.close()
    }
  })
})
