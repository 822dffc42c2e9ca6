/**
 * What group commit saves: with `synchronous = FULL` every COMMIT waits for
 * an fsync of the WAL, so the cost of a replay claim is mostly that fsync.
 * Each iteration makes `n` claims of new CIDs at once (as `n` requests in
 * flight would), first each in its own transaction as the store did before
 * group commit, then through the store; divide the time by `n` for the cost
 * per claim.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, bench, describe } from 'vitest'
import { openSqliteStore } from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'capchain-store-bench-'))

const grouped = openSqliteStore(join(dir, 'grouped.db'))
// The same file settings and append as the store (its index check is in memory), each call its own transaction.
await openSqliteStore(join(dir, 'single.db')).close()
const single = new BetterSqlite3(join(dir, 'single.db'))
single.pragma('journal_mode = WAL')
single.pragma('synchronous = FULL')
const claimStatement = single.prepare<[string, number]>('INSERT INTO replay_log (cid, expires_at) VALUES (?, ?)')
const claimAlone = async (cid: string) => claimStatement.run(cid, 500).changes === 1

afterAll(async () => {
  await grouped.close()
  single.close()
  rmSync(dir, { recursive: true, force: true })
})

let next = 0
const claims = (n: number, claim: (cid: string) => Promise<boolean>) =>
  Promise.all(Array.from({ length: n }, () => claim(`bafy-${next++}`)))

for (const n of [1, 10, 100]) {
  describe(`${n} concurrent replay claims (synchronous = FULL)`, () => {
    bench('one transaction per call', async () => {
      await claims(n, claimAlone)
    })

    bench('group commit', async () => {
      await claims(n, (cid) => grouped.replay.claim(cid, 500, 100))
    })
  })
}
