/**
 * What only the SQLite store can show: state that survives closing and
 * reopening the file, refusal of a foreign schema, and atomic
 * check-and-consume under real concurrency (several processes, each with its
 * own connection to one file).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StoreSchemaError, StoreUnavailableError } from '@capchain/store'
import type { CapCharge } from '@capchain/store'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore, SCHEMA_VERSION } from '../src/index.js'
import { releasedTogether } from './fixtures/released-together.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-sqlite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('persistence', () => {
  it('keeps usage, open reservations, revocations and replay records across close and reopen', async () => {
    const file = join(dir, 'persist.db')
    const cap: CapCharge = { cid: 'bafy-cap', limit: { bytes: 100, uses: 5 } }
    const first = openSqliteStore(file)
    expect((await first.ledger.reserve({ id: 'done', caps: [cap], bytes: 40, uses: 1, at: 1 })).ok).toBe(true)
    await first.ledger.commit('done')
    expect((await first.ledger.reserve({ id: 'open', caps: [cap], bytes: 50, uses: 1, at: 1 })).ok).toBe(true)
    await first.revocations.add({ cid: 'bafy-dlg', revoker: 'did:key:alice', at: 7, invocation: 'bafy-rev' })
    expect(await first.replay.claim('bafy-inv', 500, 100)).toBe(true)
    await first.close()

    const second = openSqliteStore(file)
    expect((await second.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 90, uses: 2 })
    expect((await second.ledger.reserve({ id: 'more', caps: [cap], bytes: 11, uses: 1, at: 2 })).ok).toBe(false)
    await second.ledger.refund('open')
    expect((await second.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 40, uses: 1 })
    expect(await second.revocations.lookup(['bafy-dlg'])).toEqual([
      { cid: 'bafy-dlg', revoker: 'did:key:alice', at: 7, invocation: 'bafy-rev' },
    ])
    expect(await second.replay.claim('bafy-inv', 500, 200)).toBe(false)
    await second.close()
  })

  it('refuses a file with another schema version', () => {
    const file = join(dir, 'future.db')
    const raw = new BetterSqlite3(file)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    expect(() => openSqliteStore(file)).toThrow(StoreSchemaError)
  })

  it('refuses a file that is not a database', () => {
    expect(() => openSqliteStore(join(dir, 'missing-dir', 'x.db'))).toThrow(StoreUnavailableError)
  })

  it('leaves nothing half-written when a transaction fails midway', async () => {
    const file = join(dir, 'atomic.db')
    const store = openSqliteStore(file)
    // A trigger that fails on the second cap row makes the database itself abort mid-reservation.
    const raw = new BetterSqlite3(file)
    raw.exec(`CREATE TRIGGER fail_second AFTER INSERT ON reservation_windows WHEN NEW.cid = 'bafy-b'
              BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
    raw.close()
    const caps: CapCharge[] = [
      { cid: 'bafy-a', limit: { bytes: 100 } },
      { cid: 'bafy-b', limit: { bytes: 100 } },
    ]
    await expect(store.ledger.reserve({ id: 'r', caps, bytes: 10, uses: 1, at: 1 })).rejects.toBeInstanceOf(StoreUnavailableError)
    expect(Object.fromEntries(await store.ledger.usage(['bafy-a', 'bafy-b']))).toEqual({
      'bafy-a': { bytes: 0, uses: 0 },
      'bafy-b': { bytes: 0, uses: 0 },
    })
    await expect(store.ledger.refund('r')).rejects.toThrow(/no open reservation/)
    await store.close()
  })
})

describe('concurrency', () => {
  it('never over-spends with 50 consumers in 5 processes racing for a nearly spent quota', async () => {
    const file = join(dir, 'race.db')
    // Three caps along one chain; the middle one is nearly spent: 1,000 - 930 = 70 bytes left, 7 requests of 10.
    const caps: CapCharge[] = [
      { cid: 'bafy-root', limit: { bytes: 1_000_000, uses: 1_000 } },
      { cid: 'bafy-mid', limit: { bytes: 1_000 } },
      { cid: 'bafy-leaf', limit: { uses: 45 } },
    ]
    const setup = openSqliteStore(file)
    expect((await setup.ledger.reserve({ id: 'earlier', caps: caps.slice(0, 2), bytes: 930, uses: 1, at: 1 })).ok).toBe(true)
    await setup.ledger.commit('earlier')
    await setup.close()

    const results = await race(file, 5, 10, 10, caps)
    const granted = results.reduce((sum, r) => sum + r.granted, 0)
    const refused = results.reduce((sum, r) => sum + r.refused, 0)
    expect(granted).toBe(7)
    expect(refused).toBe(43)

    const check = openSqliteStore(file)
    expect(Object.fromEntries(await check.ledger.usage(caps.map((c) => c.cid)))).toEqual({
      'bafy-root': { bytes: 1000, uses: 8 },
      'bafy-mid': { bytes: 1000, uses: 8 },
      'bafy-leaf': { bytes: 70, uses: 7 },
    })
    await check.close()
  })

  it('grants exactly a use count under contention', async () => {
    const file = join(dir, 'uses.db')
    const caps: CapCharge[] = [{ cid: 'bafy-uses', limit: { uses: 23 } }]
    const results = await race(file, 5, 10, 0, caps)
    expect(results.reduce((sum, r) => sum + r.granted, 0)).toBe(23)
    const check = openSqliteStore(file)
    expect((await check.ledger.usage(['bafy-uses'])).get('bafy-uses')).toEqual({ bytes: 0, uses: 23 })
    await check.close()
  })
})

/** Start `processes` consumers, release them together, and collect their counts. */
async function race(
  file: string,
  processes: number,
  each: number,
  bytes: number,
  caps: readonly CapCharge[],
): Promise<{ granted: number; refused: number }[]> {
  const argLists = Array.from({ length: processes }, (_, i) => [file, `p${i}`, String(each), String(bytes), JSON.stringify(caps)])
  const lasts = await releasedTogether('consumer.ts', argLists)
  return lasts.map((line) => JSON.parse(line) as { granted: number; refused: number })
}
