/**
 * Replay records as a log read into each process's index (replay.ts): exact
 * across processes and connections sharing a file, after a batch that
 * failed as a whole, and once the index has been pruned.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_REPLAY_MARGIN, StoreUnavailableError } from '@capchain/store'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../src/index.js'
import { poisonCommitOf } from './fixtures/poison-commit.js'
import { releasedTogether } from './fixtures/released-together.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-replay-log-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(dir, `store-${files++}.db`)

/** Run one claimer process per order of `cids`, released together; what each was granted. */
async function claimers(file: string, orders: readonly string[][]): Promise<string[][]> {
  const lasts = await releasedTogether('claimer.ts', orders.map((cids) => [file, JSON.stringify(cids)]))
  return lasts.map((line) => JSON.parse(line) as string[])
}

describe('replay records shared by processes', () => {
  it('grants each CID to exactly one claim among four processes claiming them all at once', async () => {
    const file = freshFile()
    // Created before the race, so the processes do not also race to create the schema.
    await openSqliteStore(file).close()
    const cids = Array.from({ length: 300 }, (_, i) => `bafy-${String(i).padStart(3, '0')}`)
    const orders = [cids, [...cids].reverse(), [...cids.slice(150), ...cids.slice(0, 150)], cids.filter((_, i) => i % 2 === 0)]
    const granted = (await claimers(file, orders)).flat()
    expect(granted.length).toBe(cids.length)
    expect(new Set(granted).size).toBe(cids.length)
  }, 60_000)

  it('sees what another connection claimed after a batch of its own failed whole', async () => {
    const file = freshFile()
    const a = openSqliteStore(file)
    const b = openSqliteStore(file)
    // Its batch fails at COMMIT, after the claims before it were read back.
    poisonCommitOf(file, 'bafy-poison')
    const failed = await Promise.allSettled([a.replay.claim('bafy-x', 500, 100), a.replay.claim('bafy-poison', 500, 100)])
    expect(failed.map((r) => r.status === 'rejected' && r.reason instanceof StoreUnavailableError)).toEqual([true, true])
    // B's claim is appended where A's failed batch had been (the sequence went back with it).
    expect(await b.replay.claim('bafy-z', 500, 100)).toBe(true)
    expect(await a.replay.claim('bafy-z', 500, 100)).toBe(false)
    expect(await a.replay.claim('bafy-x', 500, 100)).toBe(true)
    expect(await b.replay.claim('bafy-x', 500, 100)).toBe(false)
    await Promise.all([a.close(), b.close()])
  })
})

describe('the index of replay records', () => {
  it('puts back what a sweep removed when the sweep is rolled back', async () => {
    const file = freshFile()
    const store = openSqliteStore(file)
    expect(await store.replay.claim('bafy-live', 500, 100)).toBe(true)
    expect(await store.ledger.reserve({ id: 'inv-old', caps: [], bytes: 0, uses: 1, at: 1 })).toEqual({ ok: true })
    await store.ledger.commit('inv-old')
    // The sweep deletes the replay record, then fails on the settled id: its unit is rolled back whole.
    const raw = new BetterSqlite3(file)
    raw.exec(`CREATE TRIGGER keep_settled BEFORE DELETE ON settled_reservations BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
    raw.close()
    await expect(store.sweep!({ now: 1_000_000 })).rejects.toBeInstanceOf(StoreUnavailableError)
    expect(await store.replay.claim('bafy-live', 500, 100)).toBe(false)
    await store.close()
  })


  it('keeps refusing live records and hands swept ones over once, after it drops what another connection swept', async () => {
    const file = freshFile()
    const store = openSqliteStore(file)
    const sweeper = openSqliteStore(file)
    const short = Array.from({ length: 5000 }, (_, i) => `bafy-short-${i}`)
    const long = Array.from({ length: 100 }, (_, i) => `bafy-long-${i}`)
    expect((await Promise.all(long.map((cid) => store.replay.claim(cid, 10_000, 100)))).every(Boolean)).toBe(true)
    expect((await Promise.all(short.map((cid) => store.replay.claim(cid, 200, 100)))).every(Boolean)).toBe(true)
    // Past the short windows and the margin, another connection sweeps them; this one's index drops them as it grows.
    const later = 201 + DEFAULT_REPLAY_MARGIN
    expect(await sweeper.replay.sweep(later)).toBe(short.length)
    const fresh = Array.from({ length: 5000 }, (_, i) => `bafy-fresh-${i}`)
    expect((await Promise.all(fresh.map((cid) => store.replay.claim(cid, 10_000, later)))).every(Boolean)).toBe(true)
    expect((await Promise.all(long.map((cid) => store.replay.claim(cid, 10_000, later)))).some(Boolean)).toBe(false)
    expect((await Promise.all(fresh.map((cid) => store.replay.claim(cid, 10_000, later)))).some(Boolean)).toBe(false)
    const retaken = await Promise.all(short.flatMap((cid) => [store.replay.claim(cid, 20_000, later), store.replay.claim(cid, 20_000, later)]))
    expect(retaken.filter(Boolean).length).toBe(short.length)
    expect((await Promise.all(short.map((cid) => sweeper.replay.claim(cid, 20_000, later)))).some(Boolean)).toBe(false)
    // One record per CID: the sweep past every window finds each once.
    expect(await store.replay.sweep(20_001 + DEFAULT_REPLAY_MARGIN)).toBe(short.length + long.length + fresh.length)
    await Promise.all([store.close(), sweeper.close()])
  })
})
