/** The operator commands against a real server: migrate (and drop old functions), list open reservations, sweep, settle one, and their refusals. */
import type { CapCharge } from '@capchain/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/cli.js'
import { openPostgresStore, SCHEMA_VERSION } from '../src/index.js'
import { START_TIMEOUT_MS, startTestServer } from './support/postgres.js'
import type { TestServer } from './support/postgres.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
}, START_TIMEOUT_MS)
afterAll(() => server.dispose())

async function run(...argv: string[]) {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await runCli(argv, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) })
  return { code, stdout, stderr }
}

const cap: CapCharge = { cid: 'bafy-cap', limit: { bytes: 100 } }

describe('capchain-store-postgres', () => {
  it('migrates a database once, then finds nothing to do', async () => {
    const url = await server.fresh()
    expect(await run('migrate', url)).toEqual({ code: 0, stdout: [`migrated from schema version 0 to ${SCHEMA_VERSION}`], stderr: [] })
    expect(await run('migrate', url)).toEqual({ code: 0, stdout: [`schema version ${SCHEMA_VERSION}: nothing to migrate`], stderr: [] })
  })

  it('lists the open reservations made before a time, and settles them by id', async () => {
    const url = await server.fresh()
    const store = await openPostgresStore({ url })
    await store.ledger.reserve({ id: 'inv-old', caps: [cap], bytes: 30, uses: 1, at: 100 })
    await store.ledger.reserve({ id: 'inv-new', caps: [cap], bytes: 40, uses: 1, at: 200 })
    await store.ledger.reserve({ id: 'inv-done', caps: [cap], bytes: 5, uses: 1, at: 50 })
    await store.ledger.commit('inv-done')

    expect((await run('reservations', url, '--before', '150')).stdout.map((line) => JSON.parse(line))).toEqual([
      { id: 'inv-old', bytes: 30, uses: 1, at: 100, caps: ['bafy-cap'] },
    ])
    expect((await run('reservations', url)).stdout).toHaveLength(2)
    expect(await run('refund', url, 'inv-old')).toEqual({ code: 0, stdout: [], stderr: [] })
    expect(await run('commit', url, 'inv-new', '--bytes', '10')).toEqual({ code: 0, stdout: [], stderr: [] })
    expect((await run('reservations', url)).stdout).toEqual([])
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 15, uses: 2 })
    await store.close()
  })

  it('reports a store refusal with its code and exit 1, changing nothing', async () => {
    const url = await server.fresh()
    const store = await openPostgresStore({ url })
    await store.ledger.reserve({ id: 'inv-1', caps: [cap], bytes: 30, uses: 1, at: 1 })
    const over = await run('commit', url, 'inv-1', '--bytes', '31')
    expect(over.code).toBe(1)
    expect(over.stderr[0]).toMatch(/^ERR_STORE_INPUT: /)
    const unknown = await run('refund', url, 'inv-never')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr[0]).toMatch(/^ERR_RESERVATION_UNKNOWN: /)
    expect((await run('reservations', url, '--before', 'soon')).stderr[0]).toMatch(/^ERR_STORE_INPUT: /)
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 30, uses: 1 })
    await store.close()
  })

  it('sweeps once at the current time, printing the counts; an open reservation is still listed after', async () => {
    const url = await server.fresh()
    const store = await openPostgresStore({ url })
    await store.ledger.reserve({ id: 'inv-open', caps: [cap], bytes: 1, uses: 1, at: 1 })
    await store.ledger.reserve({ id: 'inv-done', caps: [cap], bytes: 1, uses: 1, at: 1 })
    await store.ledger.commit('inv-done')
    for (const cid of ['inv-a', 'inv-b']) expect(await store.replay.claim(cid, 10, 1)).toBe(true)
    expect(await run('sweep', url, '--json', '--limit', '1')).toEqual({ code: 0, stdout: ['{"replay":1,"settled":1,"windows":0}'], stderr: [] })
    expect(await run('sweep', url)).toEqual({
      code: 0,
      stdout: ['swept 1 replay records, 0 settled reservation ids, 0 closed cap windows'],
      stderr: [],
    })
    expect((await run('reservations', url)).stdout.map((line) => JSON.parse(line))).toEqual([
      { id: 'inv-open', bytes: 1, uses: 1, at: 1, caps: ['bafy-cap'] },
    ])
    const bad = await run('sweep', url, '--limit', '0')
    expect(bad.code).toBe(1)
    expect(bad.stderr[0]).toMatch(/^ERR_STORE_INPUT: /)
    await store.close()
  })

  it('migrates with --drop-old, dropping the unversioned functions kept for older instances', async () => {
    const url = await server.fresh()
    expect(await run('migrate', url, '--drop-old')).toEqual({
      code: 0,
      stdout: [
        `migrated from schema version 0 to ${SCHEMA_VERSION}`,
        'dropped capchain_admit(integer[],text[],text[],text,bigint,bigint,bigint,text,bigint,bigint,bigint,text[],bigint[],bigint[],bigint[],text[],numeric[],numeric[])',
        'dropped capchain_reserve(text,bigint,bigint,bigint,text[],bigint[],bigint[],bigint[],text[],numeric[],numeric[])',
        'dropped capchain_settle(text,bigint,boolean)',
      ],
      stderr: [],
    })
    expect((await run('migrate', url, '--drop-old')).stdout).toEqual([`schema version ${SCHEMA_VERSION}: nothing to migrate`])
  })

  it.each([
    ['no command', []],
    ['an unknown command', ['drop', 'postgres://x']],
    ['migrate without a URL', ['migrate']],
    ['refund without an id', ['refund', 'postgres://x']],
    ['sweep with an id', ['sweep', 'postgres://x', 'inv-1']],
    ['an unknown option', ['migrate', 'postgres://x', '--force']],
  ])('refuses %s with the usage and exit 2', async (_what, argv) => {
    const result = await run(...argv)
    expect(result.code).toBe(2)
    expect(result.stderr.join('\n')).toContain('usage: capchain-store-postgres')
  })
})
