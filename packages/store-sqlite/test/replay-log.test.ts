/**
 * Replay records as a log read into each process's index (replay.ts): exact
 * across processes and connections sharing a file, after a batch that
 * failed as a whole, and once the index has been pruned.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { DEFAULT_REPLAY_MARGIN, StoreUnavailableError } from '@capchain/store'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../src/index.js'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'capchain-replay-log-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(dir, `store-${files++}.db`)

/** Run one claimer process per order of `cids`, released together; what each was granted. */
async function claimers(file: string, orders: readonly string[][]): Promise<string[][]> {
  const children = orders.map((cids) =>
    spawn(process.execPath, ['--import', 'tsx', '--conditions=capchain-source', join(here, 'fixtures/claimer.ts'), file, JSON.stringify(cids)], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  )
  const outputs = children.map((child) => {
    const lines = createInterface({ input: child.stdout })
    const received: string[] = []
    const ready = new Promise<void>((resolve) => lines.once('line', () => resolve()))
    const done = new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => received.push(line))
      child.on('exit', (code) => (code === 0 ? resolve(received.at(-1) ?? '') : reject(new Error(`claimer exited with ${code}`))))
    })
    return { ready, done }
  })
  await Promise.all(outputs.map((o) => o.ready))
  for (const child of children) child.stdin.end('go\n')
  return Promise.all(outputs.map(async (o) => JSON.parse(await o.done) as string[]))
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
    // A deferred foreign key broken by one claim fails its batch at COMMIT, after the claims before it were read back.
    const raw = new BetterSqlite3(file)
    raw.exec(`CREATE TABLE target (id TEXT PRIMARY KEY);
              CREATE TABLE poison (ref TEXT REFERENCES target (id) DEFERRABLE INITIALLY DEFERRED);
              CREATE TRIGGER poison_commit AFTER INSERT ON replay_log WHEN NEW.cid = 'bafy-poison'
              BEGIN INSERT INTO poison VALUES ('missing'); END`)
    raw.close()
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
