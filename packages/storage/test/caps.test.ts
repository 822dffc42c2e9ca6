/**
 * Byte and use caps: charged to every capped link of the chain, atomically,
 * refunded on failure, never overrun, even by 50 concurrent requests.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDelegation } from '@capchain/core/token'
import type { Delegation } from '@capchain/core/token'
import type { StateStore } from '@capchain/store'
import { openSqliteStore } from '@capchain/store-sqlite'
import { PolicyViolationError } from '@capchain/verifier'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  CapExceededError,
  CapGrantExceededError,
  capStatement,
  checkCapGrant,
  InvalidCapError,
  pathScopeStatement,
  ReservationAmountError,
  ReservationSettledError,
} from '../src/index.js'
import { accepted, authorize, DAY, denied, grant, invoke, makeWorld, memoryStore, NOW } from './fixtures.js'
import type { World } from './fixtures.js'

let world: World
let store: StateStore

beforeAll(async () => {
  world = await makeWorld()
})
beforeEach(() => {
  store = memoryStore()
})

const read = (chain: readonly Delegation[], size: number, issuer = world.agent, path = '/photos/a.jpg') =>
  invoke({ issuer, service: world.service.did(), op: 'read', path, size, chain })

async function usage(...delegations: Delegation[]) {
  const cids = delegations.map((d) => d.cid.toString())
  const found = await store.ledger.usage(cids)
  return cids.map((cid) => found.get(cid))
}

describe('byte and use caps', () => {
  it('denies once the byte quota is spent, to the byte', async () => {
    const { chains, head } = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { bytes: 1000 } })
    const chain = chains.read!
    accepted(await authorize(await read(chain, 600), chain, store, world.service.did()))
    accepted(await authorize(await read(chain, 400), chain, store, world.service.did()))
    const error = denied(await authorize(await read(chain, 1), chain, store, world.service.did()), CapExceededError)
    expect(error).toMatchObject({ code: 'ERR_CAP_EXCEEDED', cid: head.cid.toString(), dimension: 'bytes', limit: 1000, used: 1000, requested: 1 })
    expect(await usage(head)).toEqual([{ bytes: 1000, uses: 2 }])
  })

  it('denies once the use count is spent', async () => {
    const { chains, head } = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read', 'list'], path: '/photos', cap: { uses: 2 } })
    accepted(await authorize(await read(chains.read!, 5), chains.read!, store, world.service.did()))
    const list = await invoke({ issuer: world.agent, service: world.service.did(), op: 'list', path: '/photos', chain: chains.list! })
    accepted(await authorize(list, chains.list!, store, world.service.did()))
    const error = denied(await authorize(await read(chains.read!, 5), chains.read!, store, world.service.did()), CapExceededError)
    expect(error).toMatchObject({ dimension: 'uses', limit: 2, used: 2 })
    expect(await usage(head)).toEqual([{ bytes: 5, uses: 2 }])
  })

  it("counts a sub-agent's use against every ancestor's cap", async () => {
    const top = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { bytes: 100, uses: 3 } })
    const sub = await grant({
      issuer: world.agent,
      audience: world.subAgent.did(),
      parent: top.chains.read!,
      ops: ['read'],
      path: '/photos/cats',
      cap: { bytes: 100, uses: 3 },
    })
    const subChain = sub.chains.read!
    accepted(await authorize(await read(top.chains.read!, 10), top.chains.read!, store, world.service.did()))
    accepted(await authorize(await read(subChain, 20, world.subAgent, '/photos/cats/1.jpg'), subChain, store, world.service.did()))
    accepted(await authorize(await read(subChain, 30, world.subAgent, '/photos/cats/2.jpg'), subChain, store, world.service.did()))
    expect(await usage(top.head, sub.head)).toEqual([
      { bytes: 60, uses: 3 },
      { bytes: 50, uses: 2 },
    ])
    // The sub-agent's own cap has a use left; the ancestor's does not.
    const error = denied(await authorize(await read(subChain, 1, world.subAgent, '/photos/cats/3.jpg'), subChain, store, world.service.did()), CapExceededError)
    expect(error.cid).toBe(top.head.cid.toString())
    expect(await usage(top.head, sub.head)).toEqual([
      { bytes: 60, uses: 3 },
      { bytes: 50, uses: 2 },
    ])
  })

  it("refuses to grant a child more than its parent has left, and accepts exactly that", async () => {
    const top = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { bytes: 1000, uses: 10 } })
    const parent = top.chains.read!
    accepted(await authorize(await read(parent, 700), parent, store, world.service.did()))
    const child = (cap: { bytes?: number; uses?: number }) =>
      grant({ issuer: world.agent, audience: world.subAgent.did(), parent, ops: ['read'], path: '/photos', cap, ledger: store.ledger })
    const error = await child({ bytes: 301 }).then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(CapGrantExceededError)
    expect(error).toMatchObject({ code: 'ERR_CAP_GRANT_EXCEEDED', dimension: 'bytes', requested: 301, available: 300, cid: top.head.cid.toString() })
    await expect(child({ uses: 10 })).rejects.toMatchObject({ dimension: 'uses', requested: 10, available: 9 })
    await expect(child({ bytes: 300, uses: 9 })).resolves.toBeDefined()
    // Offline (no ledger), the parent's full cap is the bound.
    await expect(checkCapGrant({ parent, cap: { bytes: 1001 } })).rejects.toBeInstanceOf(CapGrantExceededError)
    await expect(checkCapGrant({ parent, cap: { bytes: 1000 } })).resolves.toBeUndefined()
  })

  it('gives everything back when the operation fails, and keeps only what was moved on a partial commit', async () => {
    const { chains, head } = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { bytes: 1000, uses: 1 } })
    const chain = chains.read!
    const failed = accepted(await authorize(await read(chain, 1000), chain, store, world.service.did()))
    expect(await usage(head)).toEqual([{ bytes: 1000, uses: 1 }])
    await failed.reservation.refund()
    expect(await usage(head)).toEqual([{ bytes: 0, uses: 0 }])
    const partial = accepted(await authorize(await read(chain, 1000), chain, store, world.service.did()))
    await partial.reservation.commit(250)
    expect(await usage(head)).toEqual([{ bytes: 250, uses: 1 }])
  })

  it('settles a reservation once', async () => {
    const { chains } = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { uses: 5 } })
    const { reservation } = accepted(await authorize(await read(chains.read!, 1), chains.read!, store, world.service.did()))
    await reservation.commit()
    await expect(reservation.refund()).rejects.toBeInstanceOf(ReservationSettledError)
    await expect(reservation.commit()).rejects.toBeInstanceOf(ReservationSettledError)
  })

  it('refuses to commit more bytes than reserved, and leaves the reservation open', async () => {
    const { chains, head } = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { bytes: 5000, uses: 5 } })
    const { reservation } = accepted(await authorize(await read(chains.read!, 1000), chains.read!, store, world.service.did()))
    await expect(reservation.commit(1001)).rejects.toBeInstanceOf(ReservationAmountError)
    expect(await usage(head)).toEqual([{ bytes: 1000, uses: 1 }])
    await reservation.refund()
    expect(await usage(head)).toEqual([{ bytes: 0, uses: 0 }])
  })

  it('charges nothing for a request denied before the caps', async () => {
    const { chains, head } = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { uses: 5 } })
    denied(await authorize(await read(chains.read!, 1, world.agent, '/elsewhere'), chains.read!, store, world.service.did()), PolicyViolationError)
    expect(await usage(head)).toEqual([{ bytes: 0, uses: 0 }])
  })

  it('reads the cap from the bytes even when the proof is handed in decoded with its cap removed', async () => {
    const { chains, head } = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { uses: 1 } })
    const [capped] = chains.read!
    const stripped: Delegation = { ...capped!, payload: { ...capped!.payload, pol: [pathScopeStatement('/photos')] } }
    accepted(await authorize(await read(chains.read!, 1), chains.read!, store, world.service.did()))
    const invocation = await read(chains.read!, 1)
    const result = await authorize(invocation, chains.read!, store, world.service.did(), { proofs: [stripped] })
    expect(denied(result, CapExceededError).cid).toBe(head.cid.toString())
  })

  it('denies a chain whose delegation holds a malformed cap', async () => {
    const scope = pathScopeStatement('/photos')
    const nested = await createDelegation({
      issuer: world.user,
      audience: world.agent.did(),
      subject: world.user.did(),
      command: '/storage/read',
      policy: [scope, ['or', [capStatement({ uses: 1 }), scope]]],
      expiration: NOW + DAY,
    })
    const error = denied(await authorize(await read([nested], 1), [nested], store, world.service.did()), InvalidCapError)
    expect(error).toMatchObject({ cid: nested.cid.toString(), at: 'pol[1]' })
  })
})

describe('concurrency', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capchain-caps-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('never over-spends with 50 concurrent requests against a nearly spent quota in the SQLite store', async () => {
    const sqlite = openSqliteStore(join(dir, 'caps.db'))
    try {
      const top = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { bytes: 10_000, uses: 1000 } })
      const sub = await grant({ issuer: world.agent, audience: world.subAgent.did(), parent: top.chains.read!, ops: ['read'], path: '/photos', cap: { uses: 40 } })
      const chain = sub.chains.read!
      // Spend all but 700 bytes of the top cap.
      const early = accepted(await authorize(await read(top.chains.read!, 9_300), top.chains.read!, sqlite, world.service.did()))
      await early.reservation.commit()

      const invocations = await Promise.all(Array.from({ length: 50 }, (_, i) => read(chain, 100, world.subAgent, `/photos/${i}.jpg`)))
      const results = await Promise.all(invocations.map((invocation) => authorize(invocation, chain, sqlite, world.service.did())))
      const granted = results.filter((r) => r.ok)
      const refused = results.filter((r) => !r.ok)
      expect(granted).toHaveLength(7)
      expect(refused).toHaveLength(43)
      for (const result of refused) expect(result.ok ? undefined : result.error).toBeInstanceOf(CapExceededError)
      await Promise.all(granted.map((r) => (r.ok ? r.value.reservation.commit() : undefined)))
      const found = await sqlite.ledger.usage([top.head.cid.toString(), sub.head.cid.toString()])
      expect(found.get(top.head.cid.toString())).toEqual({ bytes: 10_000, uses: 8 })
      expect(found.get(sub.head.cid.toString())).toEqual({ bytes: 700, uses: 7 })
    } finally {
      await sqlite.close()
    }
  })
})
