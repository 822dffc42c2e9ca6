/**
 * "1 GB per day": a storage grant with a periodic byte cap, on a real SQLite
 * ledger, full at the end of a UTC day and whole again at the next one.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Delegation } from '@capchain/core/token'
import { statusOf } from '@capchain/guard'
import type { StateStore } from '@capchain/store'
import { openSqliteStore } from '@capchain/store-sqlite'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CapExceededError } from '../src/index.js'
import { accepted, authorize, DAY, denied, grant, invoke, makeWorld, NOW } from './fixtures.js'
import type { World } from './fixtures.js'

const GB = 1_000_000_000
const dir = mkdtempSync(join(tmpdir(), 'capchain-periodic-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let world: World
let store: StateStore
let chain: readonly Delegation[]
let files = 0

beforeAll(async () => {
  world = await makeWorld()
  const granted = await grant({
    issuer: world.user,
    audience: world.agent.did(),
    ops: ['write'],
    path: '/photos',
    cap: { bytes: GB, period: DAY },
    expiration: NOW + 3 * DAY,
  })
  chain = granted.chains.write!
})
beforeEach(() => {
  store = openSqliteStore(join(dir, `ledger-${files++}.db`))
})
afterEach(() => store.close())

/** Write `size` bytes at `now`, through the daily grant. */
async function write(size: number, now: number, name = `${now}-${size}`) {
  const invocation = await invoke({ issuer: world.agent, service: world.service.did(), op: 'write', path: `/photos/${name}`, size, chain, issuedAt: now, expiration: now + 300 })
  return authorize(invocation, chain, store, world.service.did(), { now })
}

describe('1 GB per day', () => {
  it('allows a gigabyte a UTC day, refuses one byte more until midnight (429), and allows it again after', async () => {
    await accepted(await write(GB / 2, NOW)).reservation.commit()
    await accepted(await write(GB / 2, NOW + DAY - 10)).reservation.commit()
    const refused = denied(await write(1, NOW + DAY - 5), CapExceededError)
    expect(refused).toMatchObject({ code: 'ERR_CAP_WINDOW_EXCEEDED', dimension: 'bytes', limit: GB, used: GB, resetsAt: NOW + DAY })
    expect(statusOf(refused)).toBe(429)
    await accepted(await write(GB, NOW + DAY)).reservation.commit()
    denied(await write(1, NOW + 2 * DAY - 1), CapExceededError)
  })

  it('gives unwritten bytes back to the day they were reserved in, even once it is over', async () => {
    const late = accepted(await write(GB, NOW + DAY - 1))
    accepted(await write(GB, NOW + DAY))
    await late.reservation.commit(GB / 4)
    accepted(await write((GB * 3) / 4, NOW + DAY - 1, 'late-again'))
    denied(await write(1, NOW + DAY - 1, 'one-more'), CapExceededError)
  })
})
