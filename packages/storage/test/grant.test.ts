import { generateSigner } from '@capchain/core/principal'
import { createDelegation } from '@capchain/core/token'
import { beforeAll, describe, expect, it } from 'vitest'
import { CapGrantExceededError, createStorageGrant, InvalidGrantError, InvalidStoragePathError, pathScopeStatement } from '../src/index.js'
import { accepted, authorize, DAY, denied, grant, invoke, makeWorld, memoryStore, NOW } from './fixtures.js'
import type { World } from './fixtures.js'
import { CommandEscalationError } from '@capchain/verifier'

let world: World
beforeAll(async () => {
  world = await makeWorld()
})

describe('grant shapes', () => {
  it('grants one operation with its own command', async () => {
    const made = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', maxSize: 10 })
    expect(made.delegations).toHaveLength(1)
    expect(made.head.payload).toMatchObject({ cmd: '/storage/read', aud: world.agent.did(), sub: world.user.did() })
    expect(made.head.payload.pol).toEqual([pathScopeStatement('/photos'), ['or', [['==', '.size', null], ['<=', '.size', 10]]]])
    expect(Object.keys(made.chains)).toEqual(['read'])
  })

  it('grants all four operations as /storage', async () => {
    const made = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['delete', 'list', 'write', 'read', 'read'], path: '/' })
    expect(made.delegations).toHaveLength(1)
    expect(made.head.payload.cmd).toBe('/storage')
    expect(Object.keys(made.chains)).toEqual(['read', 'write', 'list', 'delete'])
  })

  it('grants a subset through a relay key: one shared link, one link per operation, and nothing else', async () => {
    const store = memoryStore()
    const made = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['list', 'read'], path: '/photos', cap: { uses: 2 } })
    expect(made.delegations).toHaveLength(3)
    expect(made.head.payload.cmd).toBe('/storage')
    const relay = made.head.payload.aud
    expect(made.chains.read!.map((d) => d.payload.cmd)).toEqual(['/storage', '/storage/read'])
    expect(made.chains.list!.map((d) => d.payload.cmd)).toEqual(['/storage', '/storage/list'])
    for (const chain of [made.chains.read!, made.chains.list!]) {
      expect(chain[1]!.payload).toMatchObject({ iss: relay, aud: world.agent.did() })
    }
    // The per-operation links do not let the agent write, and both share one cap.
    const read = await invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/a', size: 1, chain: made.chains.read! })
    accepted(await authorize(read, made.chains.read!, store, world.service.did()))
    const list = await invoke({ issuer: world.agent, service: world.service.did(), op: 'list', path: '/photos', chain: made.chains.list! })
    accepted(await authorize(list, made.chains.list!, store, world.service.did()))
    const write = await invoke({ issuer: world.agent, service: world.service.did(), op: 'write', path: '/photos/a', size: 1, chain: made.chains.read! })
    denied(await authorize(write, made.chains.read!, store, world.service.did()), CommandEscalationError)
    expect((await store.ledger.usage([made.head.cid.toString()])).get(made.head.cid.toString())).toEqual({ bytes: 1, uses: 2 })
  })
})

describe('grant input', () => {
  it('refuses no operation, an unknown one, or a bad path', async () => {
    await expect(grant({ issuer: world.user, audience: world.agent.did(), ops: [], path: '/x' })).rejects.toBeInstanceOf(InvalidGrantError)
    await expect(grant({ issuer: world.user, audience: world.agent.did(), ops: ['copy' as never], path: '/x' })).rejects.toBeInstanceOf(InvalidGrantError)
    await expect(grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/x/../y' })).rejects.toBeInstanceOf(InvalidStoragePathError)
  })

  it('refuses a parent chain that does not reach the issuer or does not cover the operations', async () => {
    const readOnly = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos' })
    await expect(grant({ issuer: world.subAgent, audience: world.outsider.did(), parent: [readOnly.head], ops: ['read'], path: '/photos' })).rejects.toBeInstanceOf(InvalidGrantError)
    await expect(grant({ issuer: world.agent, audience: world.subAgent.did(), parent: [readOnly.head], ops: ['write'], path: '/photos' })).rejects.toBeInstanceOf(InvalidGrantError)
  })

  it("refuses a cap beyond the parent's, dimension by dimension", async () => {
    const parent = await grant({ issuer: world.user, audience: world.agent.did(), ops: ['read'], path: '/photos', cap: { bytes: 100 } })
    const child = (cap: { bytes?: number; uses?: number }) =>
      createStorageGrant({ issuer: world.agent, audience: world.subAgent.did(), parent: parent.chains.read!, ops: ['read'], path: '/photos', cap, expiration: NOW + DAY })
    await expect(child({ bytes: 101 })).rejects.toBeInstanceOf(CapGrantExceededError)
    // The parent caps no uses, so any use count fits; the bytes stay bounded by the parent's charge.
    await expect(child({ uses: 1_000 })).resolves.toBeDefined()
  })

  it('refuses a parent chain rooted in a powerline', async () => {
    const relay = await generateSigner('Ed25519')
    const powerline = await createDelegation({ issuer: relay, audience: world.agent.did(), subject: null, command: '/storage', expiration: NOW + DAY })
    await expect(grant({ issuer: world.agent, audience: world.subAgent.did(), parent: [powerline], ops: ['read'], path: '/x' })).rejects.toBeInstanceOf(InvalidGrantError)
  })
})
