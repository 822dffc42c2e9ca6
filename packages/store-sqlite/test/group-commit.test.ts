/**
 * Group commit in the SQLite store: the writes made in one turn of the
 * event loop share one transaction (and one fsync), yet each call stays
 * atomic on its own, sees the calls before it, and is told its outcome only
 * once it is on disk; a batch that cannot commit writes nothing.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import {
  DEFAULT_REPLAY_MARGIN,
  DuplicateReservationError,
  StoreClosedError,
  StoreUnavailableError,
  UnknownReservationError,
} from '@capchain/store'
import type { CapCharge } from '@capchain/store'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../src/index.js'
import { poisonCommitOf } from './fixtures/poison-commit.js'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'capchain-group-commit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const freshFile = () => join(dir, `store-${files++}.db`)

/** What another connection sees in the file: committed rows only. */
function committedReplay(file: string): string[] {
  const raw = new BetterSqlite3(file, { readonly: true })
  try {
    return raw
      .prepare<[], { cid: string }>('SELECT cid FROM replay_log ORDER BY cid')
      .all()
      .map((row) => row.cid)
  } finally {
    raw.close()
  }
}

const settle = <T>(promises: readonly Promise<T>[]) => Promise.allSettled(promises)
const reasons = (results: readonly PromiseSettledResult<unknown>[]) =>
  results.map((r) => (r.status === 'rejected' ? (r.reason as Error).constructor : 'fulfilled'))

describe('group commit', () => {
  it('commits many concurrent claims of distinct CIDs, durably, across several batches', async () => {
    const file = freshFile()
    const store = openSqliteStore(file)
    const cids = Array.from({ length: 600 }, (_, i) => `bafy-${String(i).padStart(3, '0')}`)
    expect(await Promise.all(cids.map((cid) => store.replay.claim(cid, 500, 100)))).toEqual(cids.map(() => true))
    expect(committedReplay(file)).toEqual(cids)
    await store.close()

    const reopened = openSqliteStore(file)
    expect(await Promise.all(cids.map((cid) => reopened.replay.claim(cid, 500, 200)))).toEqual(cids.map(() => false))
    expect(await reopened.replay.claim('bafy-new', 500, 200)).toBe(true)
    await reopened.close()
  })

  it('grants a CID to exactly one of many concurrent claims, within a batch and across batches', async () => {
    const store = openSqliteStore(freshFile())
    const results = await Promise.all(Array.from({ length: 300 }, () => store.replay.claim('bafy-same', 500, 100)))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(results[0]).toBe(true)
    // The window is per CID: a record past its window and the margin is taken over by exactly one later claim.
    const later = await Promise.all(Array.from({ length: 3 }, () => store.replay.claim('bafy-same', 900, 501 + DEFAULT_REPLAY_MARGIN)))
    expect(later).toEqual([true, false, false])
    await store.close()
  })

  it('never overruns a cap with concurrent reserves', async () => {
    const store = openSqliteStore(freshFile())
    const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 10 } }
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.ledger.reserve({ id: `r${i}`, caps: [cap], bytes: 0, uses: 1, at: 1 })),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(10)
    expect(results.slice(0, 10).every((r) => r.ok)).toBe(true)
    expect(results[10]).toEqual({
      ok: false,
      exhausted: { cid: 'bafy-cap', dimension: 'uses', limit: 10, used: 10, requested: 1 },
    })
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 0, uses: 10 })
    await store.close()
  })

  it('rolls back only the call that failed, and commits the others of its batch', async () => {
    const file = freshFile()
    const store = openSqliteStore(file)
    // A trigger makes the database abort one reservation after its first cap row is written.
    const raw = new BetterSqlite3(file)
    raw.exec(`CREATE TRIGGER fail_b AFTER INSERT ON reservation_windows WHEN NEW.cid = 'bafy-b'
              BEGIN SELECT RAISE(ABORT, 'injected failure'); END`)
    raw.close()
    const a: CapCharge = { cid: 'bafy-a', limit: { bytes: 100 } }
    const b: CapCharge = { cid: 'bafy-b', limit: { bytes: 100 } }
    const record = { cid: 'bafy-dlg', revoker: 'did:key:alice', at: 7, invocation: 'bafy-rev' }

    const results = await settle<unknown>([
      store.ledger.reserve({ id: 'first', caps: [a], bytes: 10, uses: 1, at: 1 }),
      store.ledger.reserve({ id: 'first', caps: [a], bytes: 10, uses: 1, at: 1 }),
      store.replay.claim('bafy-inv', 500, 100),
      store.ledger.reserve({ id: 'broken', caps: [a, b], bytes: 20, uses: 1, at: 1 }),
      store.ledger.commit('never-made'),
      store.revocations.add(record),
      store.replay.claim('bafy-inv', 500, 100),
    ])
    expect(reasons(results)).toEqual([
      'fulfilled',
      DuplicateReservationError,
      'fulfilled',
      StoreUnavailableError,
      UnknownReservationError,
      'fulfilled',
      'fulfilled',
    ])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : undefined))).toEqual([
      { ok: true },
      undefined,
      true,
      undefined,
      undefined,
      true,
      false,
    ])
    // The broken reservation's charge to bafy-a was rolled back; the first one's was kept.
    expect(Object.fromEntries(await store.ledger.usage([a.cid, b.cid]))).toEqual({
      'bafy-a': { bytes: 10, uses: 1 },
      'bafy-b': { bytes: 0, uses: 0 },
    })
    await expect(store.ledger.refund('broken')).rejects.toBeInstanceOf(UnknownReservationError)
    await store.close()

    const reopened = openSqliteStore(file)
    expect(await reopened.revocations.lookup([record.cid])).toEqual([record])
    expect(await reopened.replay.claim('bafy-inv', 500, 200)).toBe(false)
    await reopened.ledger.commit('first')
    await reopened.close()
  })

  it('writes none of a batch whose COMMIT fails, and commits the next batch', async () => {
    const file = freshFile()
    const store = openSqliteStore(file)
    poisonCommitOf(file, 'bafy-poison')
    const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 5 } }
    const record = { cid: 'bafy-dlg', revoker: 'did:key:alice', at: 7, invocation: 'bafy-rev' }

    const batch = await settle<unknown>([
      store.replay.claim('bafy-a', 500, 100),
      store.ledger.reserve({ id: 'r', caps: [cap], bytes: 0, uses: 1, at: 1 }),
      store.replay.claim('bafy-poison', 500, 100),
      store.revocations.add(record),
    ])
    expect(reasons(batch)).toEqual(batch.map(() => StoreUnavailableError))
    expect(committedReplay(file)).toEqual([])
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 0, uses: 0 })
    expect(await store.revocations.lookup([record.cid])).toEqual([])

    expect(await store.replay.claim('bafy-a', 500, 100)).toBe(true)
    expect(await store.ledger.reserve({ id: 'r', caps: [cap], bytes: 0, uses: 1, at: 1 })).toEqual({ ok: true })
    expect(await store.revocations.add(record)).toBe(true)
    expect(committedReplay(file)).toEqual(['bafy-a'])
    await store.close()
  })

  it('lets a read see a write once its promise has settled, never before its batch commits', async () => {
    const store = openSqliteStore(freshFile())
    const cap: CapCharge = { cid: 'bafy-cap', limit: { bytes: 100 } }
    const reserved = store.ledger.reserve({ id: 'r', caps: [cap], bytes: 30, uses: 1, at: 1 })
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 0, uses: 0 })
    expect(await reserved).toEqual({ ok: true })
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 30, uses: 1 })
    await store.close()
  })
})

describe('close', () => {
  it('finishes the calls already made, each with its own outcome, and refuses later ones', async () => {
    const file = freshFile()
    const store = openSqliteStore(file)
    const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 1 } }
    const pending = settle<unknown>([
      store.replay.claim('bafy-a', 500, 100),
      store.replay.claim('bafy-a', 500, 100),
      store.ledger.reserve({ id: 'r1', caps: [cap], bytes: 0, uses: 1, at: 1 }),
      store.ledger.reserve({ id: 'r2', caps: [cap], bytes: 0, uses: 1, at: 1 }),
      store.ledger.refund('never-made'),
    ])
    await store.close()
    await expect(store.replay.claim('bafy-b', 500, 100)).rejects.toBeInstanceOf(StoreClosedError)
    const results = await pending
    expect(reasons(results)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', UnknownReservationError])
    expect(results.slice(0, 4).map((r) => (r.status === 'fulfilled' ? r.value : undefined))).toEqual([
      true,
      false,
      { ok: true },
      { ok: false, exhausted: { cid: 'bafy-cap', dimension: 'uses', limit: 1, used: 1, requested: 1 } },
    ])

    const reopened = openSqliteStore(file)
    expect(await reopened.replay.claim('bafy-a', 500, 200)).toBe(false)
    expect(await reopened.replay.claim('bafy-b', 500, 200)).toBe(true)
    expect((await reopened.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 0, uses: 1 })
    await reopened.ledger.commit('r1')
    await reopened.close()
  })

  it('finishes a backlog longer than one batch', async () => {
    const file = freshFile()
    const store = openSqliteStore(file)
    const cids = Array.from({ length: 700 }, (_, i) => `bafy-${String(i).padStart(3, '0')}`)
    const pending = Promise.all(cids.map((cid) => store.replay.claim(cid, 500, 100)))
    await store.close()
    expect(await pending).toEqual(cids.map(() => true))
    expect(committedReplay(file)).toEqual(cids)
  })
})

describe('the write lock held by another connection', () => {
  it('makes a batch wait, then commit after the holder', async () => {
    const file = freshFile()
    const store = openSqliteStore(file, { busyTimeoutMs: 20_000 })
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=capchain-source', join(here, 'fixtures/lock-holder.ts'), file, 'bafy-held', '300'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const exited = new Promise<number | null>((resolve) => holder.on('exit', resolve))
    await new Promise<void>((resolve) => createInterface({ input: holder.stdout }).once('line', () => resolve()))

    // Both claims wait for the holder's lock; finding its claim proves the batch ran after its commit.
    const results = await Promise.all([store.replay.claim('bafy-held', 500, 100), store.replay.claim('bafy-mine', 500, 100)])
    expect(results).toEqual([false, true])
    expect(await exited).toBe(0)
    expect(committedReplay(file)).toEqual(['bafy-held', 'bafy-mine'])
    await store.close()
  })

  it('fails every call of the batch, writing none, once busyTimeoutMs has passed', async () => {
    const file = freshFile()
    const store = openSqliteStore(file, { busyTimeoutMs: 50 })
    const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 5 } }
    const holder = new BetterSqlite3(file)
    holder.exec('BEGIN IMMEDIATE')

    const batch = await settle<unknown>([
      store.replay.claim('bafy-a', 500, 100),
      store.ledger.reserve({ id: 'r', caps: [cap], bytes: 0, uses: 1, at: 1 }),
      store.replay.claim('bafy-b', 500, 100),
    ])
    expect(reasons(batch)).toEqual(batch.map(() => StoreUnavailableError))

    holder.exec('ROLLBACK')
    holder.close()
    expect(committedReplay(file)).toEqual([])
    expect(
      await Promise.all([
        store.replay.claim('bafy-a', 500, 100),
        store.ledger.reserve({ id: 'r', caps: [cap], bytes: 0, uses: 1, at: 1 }),
        store.replay.claim('bafy-b', 500, 100),
      ]),
    ).toEqual([true, { ok: true }, true])
    await store.close()
  })
})
