/**
 * Durable commit off the event loop: a batch is committed by SQLite
 * (`synchronous = NORMAL`, which does not sync at COMMIT) and its calls
 * settle only once the store's own fsync of the WAL has completed. The
 * sync step is held open or failed here through the connection's seam;
 * the database is a real file.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StoreClosedError, StoreUnavailableError } from '@capchain/store'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { Connection } from '../src/connection.js'
import { openSqliteStore } from '../src/index.js'
import { WalSync } from '../src/wal-sync.js'
import type { SyncFile } from '../src/wal-sync.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-durable-commit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(dir, `store-${files++}.db`)

/** A sync step that stays open until the test releases or fails it. */
class HeldSync {
  readonly calls: { readonly release: () => void; readonly fail: (error: Error) => void }[] = []
  readonly sync: SyncFile = () =>
    new Promise((resolve, reject) => {
      this.calls.push({ release: resolve, fail: reject })
    })
}

/** Whether a promise has settled yet, and how. */
function track<T>(promise: Promise<T>): { state: 'pending' | 'fulfilled' | 'rejected'; reason?: unknown } {
  const tracked: { state: 'pending' | 'fulfilled' | 'rejected'; reason?: unknown } = { state: 'pending' }
  promise.then(
    () => (tracked.state = 'fulfilled'),
    (reason: unknown) => Object.assign(tracked, { state: 'rejected', reason }),
  )
  return tracked
}

/** Let the event loop (and the thread pool) run a while. */
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await turns(1)
  expect(condition()).toBe(true)
}

/** A WAL file with one table, written through a connection whose sync step is `sync`. */
async function openConnection(sync: HeldSync) {
  const file = freshFile()
  const db = new BetterSqlite3(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)')
  const insert = db.prepare<[string]>('INSERT INTO t (k) VALUES (?)')
  const connection = new Connection(db, new WalSync(`${file}-wal`, sync.sync))
  const put = (key: string) => connection.write(() => insert.run(key).changes)
  // The first batch opens the WAL file and syncs the directory as well: done here, before the cases.
  const first = put('first')
  await until(() => sync.calls.length === 1)
  sync.calls[0]?.release()
  await first
  sync.calls.length = 0
  return { file, db, connection, put }
}

/** The keys another connection finds committed in the file. */
function committed(file: string): string[] {
  const raw = new BetterSqlite3(file, { readonly: true })
  try {
    return raw
      .prepare<[], { k: string }>('SELECT k FROM t ORDER BY k')
      .all()
      .map((row) => row.k)
  } finally {
    raw.close()
  }
}

describe('durable commit', () => {
  it('settles a write only once its batch has been synced, though it is committed before', async () => {
    const sync = new HeldSync()
    const { file, connection, put } = await openConnection(sync)
    const write = put('a')
    const tracked = track(write)
    await until(() => sync.calls.length === 1)
    await turns()
    expect(tracked.state).toBe('pending')
    expect(committed(file)).toEqual(['a', 'first'])
    sync.calls[0]?.release()
    expect(await write).toBe(1)
    await connection.close()
  })

  it('commits the next batch while a sync is in flight, and settles each only after its own sync', async () => {
    const sync = new HeldSync()
    const { connection, put } = await openConnection(sync)
    const first = put('a')
    const tracked1 = track(first)
    await until(() => sync.calls.length === 1)
    const second = [put('b'), put('c')]
    const tracked2 = second.map(track)
    await until(() => sync.calls.length === 2)
    await turns()
    expect([tracked1.state, ...tracked2.map((t) => t.state)]).toEqual(['pending', 'pending', 'pending'])

    sync.calls[1]?.release()
    expect(await Promise.all(second)).toEqual([1, 1])
    await turns()
    expect(tracked1.state).toBe('pending')
    sync.calls[0]?.release()
    expect(await first).toBe(1)
    await connection.close()
  })

  it('rejects every call of a batch whose sync fails with StoreUnavailableError, and every write after it until reopened', async () => {
    const sync = new HeldSync()
    const { file, connection, put } = await openConnection(sync)
    const failed = [put('a'), put('b')]
    const tracked = failed.map(track)
    await until(() => sync.calls.length === 1)
    // A batch committed while that sync was in flight: its own sync succeeding later is not believed.
    const during = track(put('c'))
    await until(() => sync.calls.length === 2)
    sync.calls[0]?.fail(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }))
    await until(() => tracked.every((t) => t.state !== 'pending'))
    sync.calls[1]?.release()
    await until(() => during.state !== 'pending')
    for (const t of [...tracked, during]) {
      expect(t.state).toBe('rejected')
      expect(t.reason).toBeInstanceOf(StoreUnavailableError)
    }
    // Committed all the same (perhaps not durable): a claim refuses its replay, a charge under-spends.
    expect(committed(file)).toEqual(['a', 'b', 'c', 'first'])

    // Writing has stopped: nothing more is committed or synced; reads go on.
    await expect(put('d')).rejects.toBeInstanceOf(StoreUnavailableError)
    await turns()
    expect(sync.calls).toHaveLength(2)
    expect(committed(file)).toEqual(['a', 'b', 'c', 'first'])
    expect(connection.read(() => 1)).toBe(1)
    await connection.close()
    // Opened again (SQLite's recovery on what reached the disk), the file takes writes.
    const reopened = new BetterSqlite3(file)
    const again = new Connection(reopened, new WalSync(`${file}-wal`, sync.sync))
    const after = again.write(() => reopened.prepare('INSERT INTO t (k) VALUES (?)').run('e').changes)
    await until(() => sync.calls.length === 3)
    sync.calls[2]?.release()
    expect(await after).toBe(1)
    await again.close()
    expect(committed(file)).toEqual(['a', 'b', 'c', 'e', 'first'])
  })

  it('close() runs the queued batch and waits for every sync in flight before closing the database', async () => {
    const sync = new HeldSync()
    const { db, connection, put } = await openConnection(sync)
    const inFlight = track(put('a'))
    await until(() => sync.calls.length === 1)
    const queued = track(put('b'))
    const closing = track(connection.close())
    expect(sync.calls).toHaveLength(2)
    await expect(connection.write(() => 0)).rejects.toBeInstanceOf(StoreClosedError)
    await turns()
    expect([inFlight.state, queued.state, closing.state]).toEqual(['pending', 'pending', 'pending'])
    expect(db.open).toBe(true)

    sync.calls[0]?.release()
    await turns()
    expect([inFlight.state, queued.state, closing.state]).toEqual(['fulfilled', 'pending', 'pending'])
    expect(db.open).toBe(true)

    sync.calls[1]?.release()
    await until(() => closing.state !== 'pending')
    expect([queued.state, closing.state]).toEqual(['fulfilled', 'fulfilled'])
    expect(db.open).toBe(false)
    await expect(connection.write(() => 0)).rejects.toBeInstanceOf(StoreClosedError)
    expect(() => connection.read(() => 0)).toThrow(StoreClosedError)
  })

  it('writes through the real fsync in a file, and settles at COMMIT in memory', async () => {
    for (const filename of [freshFile(), ':memory:']) {
      const store = openSqliteStore(filename)
      const cids = Array.from({ length: 40 }, (_, i) => `bafy-${String(i)}`)
      expect(await Promise.all(cids.map((cid) => store.replay.claim(cid, 500, 100)))).toEqual(cids.map(() => true))
      expect(await store.replay.claim('bafy-0', 500, 100)).toBe(false)
      await store.close()
      await expect(store.replay.claim('bafy-x', 500, 100)).rejects.toBeInstanceOf(StoreClosedError)
    }
  })
})
