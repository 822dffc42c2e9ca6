/**
 * The SQLite revocation lookup prepares one statement per list length up to
 * a bound and uses `json_each` beyond it: every length, and a list naming a
 * CID twice, finds each record exactly once, alone and inside an admission.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RevocationRecord, StateStore } from '@capchain/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-revocation-lookup-'))
let store: StateStore
beforeAll(() => {
  store = openSqliteStore(join(dir, 'lookup.db'))
})
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

const cidOf = (i: number) => `bafy-link-${i}`
const byKey = (a: RevocationRecord, b: RevocationRecord) => `${a.cid} ${a.revoker}`.localeCompare(`${b.cid} ${b.revoker}`)

describe('revocation lookup', () => {
  // Every tenth link is revoked, twice (two revokers); 40 links reach past the prepared lengths.
  const revoked = Array.from({ length: 4 }, (_, i) => cidOf(i * 10 + 3)).flatMap((cid) =>
    ['did:key:alice', 'did:key:bob'].map((revoker) => ({ cid, revoker, at: 100, invocation: `bafy-inv-${cid}` })),
  )
  beforeAll(async () => {
    await Promise.all(revoked.map((record) => store.revocations.add(record)))
  })

  it('finds every record about the list, whatever its length', async () => {
    for (let length = 0; length <= 40; length++) {
      const cids = Array.from({ length }, (_, i) => cidOf(i))
      const expected = revoked.filter((record) => cids.includes(record.cid))
      expect([...(await store.revocations.lookup(cids))].sort(byKey)).toEqual(expected.sort(byKey))
    }
  })

  it('finds each record once when the list names a CID twice', async () => {
    const found = await store.revocations.lookup([cidOf(3), cidOf(4), cidOf(3)])
    expect([...found].sort(byKey)).toEqual(revoked.filter((record) => record.cid === cidOf(3)))
  })

  it('refuses an admission at the first revoked link of a chain longer than the prepared lengths', async () => {
    const scopes = Array.from({ length: 40 }, (_, i) => ({ cid: cidOf(40 - i), revokers: ['did:key:bob'] }))
    expect(await store.admitInvocation!({ revocations: scopes, replay: { cid: 'bafy-inv', expiresAt: 200, now: 100 } })).toEqual({
      ok: false,
      refused: 'revoked',
      link: 7,
    })
    expect(await store.admitInvocation!({ revocations: scopes.slice(0, 7), replay: { cid: 'bafy-inv', expiresAt: 200, now: 100 } })).toEqual({
      ok: true,
    })
  })
})
