/**
 * `capchain-storage sweep` against a real SQLite store (`--data`) and a real
 * PostgreSQL one (`--store`): the counts printed, an open reservation still
 * open after, and its refusals (usage errors exit 2, a store's refusal exit 1).
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CapCharge, StateStore } from '@capchain/store'
import { openPostgresStore } from '@capchain/store-postgres'
import { openSqliteStore } from '@capchain/store-sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { START_TIMEOUT_MS, startTestServer } from '../../store-postgres/test/support/postgres.js'
import type { TestServer } from '../../store-postgres/test/support/postgres.js'
import { runSweep } from '../src/operator/sweep.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url))
const cap: CapCharge = { cid: 'bafy-cap', limit: { uses: 10 } }
const dir = await mkdtemp(join(tmpdir(), 'capchain-sweep-command-'))
let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
}, START_TIMEOUT_MS)
afterAll(async () => {
  await server.dispose()
  await rm(dir, { recursive: true, force: true })
})

async function run(argv: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await runSweep(argv, env, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) })
  return { code, stdout, stderr }
}

/** A settled reservation made long ago, an open one, and an expired replay record. */
async function seed(store: StateStore): Promise<void> {
  for (const id of ['inv-done', 'inv-open']) expect(await store.ledger.reserve({ id, caps: [cap], bytes: 0, uses: 1, at: 1 })).toEqual({ ok: true })
  await store.ledger.commit('inv-done')
  expect(await store.replay.claim('inv-expired', 10, 1)).toBe(true)
}

/** The open reservation is still open: it settles, and its id stays one reservation. */
async function openStill(store: StateStore): Promise<void> {
  await store.ledger.commit('inv-open')
  expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 0, uses: 2 })
}

describe('capchain-storage sweep', () => {
  it('sweeps an instance SQLite store (--data), through the bin, printing the counts as JSON', async () => {
    const data = join(dir, 'sqlite')
    await mkdir(data)
    const before = openSqliteStore(join(data, 'state.db'))
    await seed(before)
    await before.close()
    const child = execFile(process.execPath, ['--conditions=capchain-source', '--import', 'tsx', BIN, 'sweep', '--data', data, '--json'], {
      cwd: ROOT,
      env: { ...process.env, CAPCHAIN_STORE_URL: '' },
    })
    let stdout = ''
    child.stdout!.on('data', (text: string) => (stdout += text))
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0)
    expect(JSON.parse(stdout)).toEqual({ replay: 1, settled: 1, windows: 0 })
    const after = openSqliteStore(join(data, 'state.db'))
    await openStill(after)
    await after.close()
  }, 30_000)

  it('sweeps the shared PostgreSQL store (--store, or CAPCHAIN_STORE_URL), one batch of --limit at a time', async () => {
    const url = await server.fresh()
    const store = await openPostgresStore({ url, poolSize: 1 })
    try {
      await seed(store)
      expect(await run(['--store', url, '--limit', '1'])).toEqual({
        code: 0,
        stdout: ['swept 1 replay records, 1 settled reservation ids, 0 closed cap windows'],
        stderr: [],
      })
      expect(await run(['--json'], { CAPCHAIN_STORE_URL: url })).toEqual({ code: 0, stdout: ['{"replay":0,"settled":0,"windows":0}'], stderr: [] })
      expect((await store.openReservations()).map((reservation) => reservation.id)).toEqual(['inv-open'])
      await openStill(store)
      const refused = await run(['--store', url, '--keep-settled-for', 'soon'])
      expect(refused.code).toBe(1)
      expect(refused.stderr[0]).toMatch(/^ERR_STORE_INPUT: /)
    } finally {
      await store.close()
    }
  })

  it('refuses a missing SQLite store, changing nothing', async () => {
    expect(await run(['--data', join(dir, 'absent')])).toEqual({ code: 1, stdout: [], stderr: [`no store at ${join(dir, 'absent', 'state.db')}`] })
  })

  it.each([
    ['no store', []],
    ['both stores', ['--store', 'postgres://x', '--data', 'x']],
    ['a store that is not PostgreSQL', ['--store', 'mysql://x']],
    ['an unknown option', ['--data', 'x', '--all']],
    ['a positional', ['--data', 'x', 'now']],
  ])('refuses %s with the usage and exit 2', async (_what, argv) => {
    const result = await run(argv)
    expect(result.code).toBe(2)
    expect(result.stderr.join('\n')).toContain('usage: capchain-storage sweep')
  })
})
