/**
 * What a revocation leaves behind (revoke/revoke.ts): its revocation
 * record, and nothing else. It writes no replay record (the record, kept
 * for ever, refuses a resend instead); a revocation the revoker has
 * already recorded, or one its chain's cap refuses, writes and spends
 * nothing; two revocations of one delegation racing each other record it
 * once and spend one use, and two sends of one revocation racing each
 * other are one execution and one `ReplayError`.
 */
import type { Delegation } from '@capchain/core/token'
import type { StateStore } from '@capchain/store'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CapExceededError, capStatement, createRevocation, ReplayError, REVOKE_COMMAND, revokeDelegation } from '../src/index.js'
import { accepted, DAY, delegate, denied, makeWorld, memoryStore, NOW } from './fixtures.js'
import type { World } from './fixtures.js'

let world: World
let store: StateStore

beforeAll(async () => {
  world = await makeWorld()
})

beforeEach(() => {
  store = memoryStore()
})

/** The user lets the agent revoke on its behalf, `uses` times. */
const mandateOf = (uses: number) => delegate(world, [capStatement({ uses })], REVOKE_COMMAND)

/** A new `/ucan/revoke` of `revoked` by the agent through `mandate`, and its request; an `expiration` of its own tells apart two revocations otherwise alike. */
async function revocationOf(mandate: Delegation, revoked: Delegation, expiration = NOW + 300) {
  const invocation = await createRevocation({ issuer: world.agent, service: world.service.did(), path: [revoked], proofs: [mandate], onBehalfOf: world.user.did(), expiration })
  return { id: invocation.cid.toString(), request: { invocation: invocation.bytes, proofs: [mandate.bytes, revoked.bytes], service: world.service.did(), store, now: NOW } }
}

/** Whether the replay store has a record of `id`: claiming it succeeds only when it has none (and then leaves one). */
const hasReplayRecord = async (id: string) => !(await store.replay.claim(id, NOW + 300, NOW))

describe('revokeDelegation: the state a revocation adds', () => {
  it('leaves no replay record, writes and spends nothing for a delegation this revoker has already revoked, and refuses a resend of the first as ReplayError', async () => {
    const mandate = await mandateOf(2)
    const notes = await delegate(world)
    const first = await revocationOf(mandate, notes)
    expect(accepted(await revokeDelegation(first.request)).recorded).toBe(true)
    expect(await hasReplayRecord(first.id)).toBe(false)

    const again = await revocationOf(mandate, notes, NOW + 301)
    expect(accepted(await revokeDelegation(again.request)).recorded).toBe(false)
    expect(await hasReplayRecord(again.id)).toBe(false)
    denied(await revokeDelegation(first.request), ReplayError)
    // Its record refuses it for ever: no sweep, however late, lets it through.
    await store.sweep!({ now: NOW + 10 * 365 * DAY })
    denied(await revokeDelegation(first.request), ReplayError)

    // The cap's second use is still there: a new delegation's revocation takes it, and the one after is over the cap.
    expect(accepted(await revokeDelegation((await revocationOf(mandate, await delegate(world))).request)).recorded).toBe(true)
    denied(await revokeDelegation((await revocationOf(mandate, await delegate(world))).request), CapExceededError)
  })

  it('leaves no replay record when the chain’s cap refuses it', async () => {
    const mandate = await mandateOf(1)
    accepted(await revokeDelegation((await revocationOf(mandate, await delegate(world))).request))
    const refused = await revocationOf(mandate, await delegate(world))
    denied(await revokeDelegation(refused.request), CapExceededError)
    expect(await hasReplayRecord(refused.id)).toBe(false)
  })

  it('records a delegation once and spends one use when two revocations of it race', async () => {
    const mandate = await mandateOf(2)
    const notes = await delegate(world)
    const [one, two] = await Promise.all([revocationOf(mandate, notes), revocationOf(mandate, notes, NOW + 301)])
    const results = await Promise.all([revokeDelegation(one.request), revokeDelegation(two.request)])
    expect(results.map((result) => accepted(result).recorded).sort()).toEqual([false, true])

    expect(accepted(await revokeDelegation((await revocationOf(mandate, await delegate(world))).request)).recorded).toBe(true)
    denied(await revokeDelegation((await revocationOf(mandate, await delegate(world))).request), CapExceededError)
  })

  it('is ReplayError for two sends of one revocation racing each other through a chain without caps', async () => {
    const notes = await delegate(world)
    const invocation = await createRevocation({ issuer: world.user, service: world.service.did(), path: [notes], expiration: NOW + 300 })
    const request = { invocation: invocation.bytes, proofs: [notes.bytes], service: world.service.did(), store, now: NOW }
    const results = await Promise.all([revokeDelegation(request), revokeDelegation(request)])
    expect(results.filter((result) => result.ok).map((result) => accepted(result).recorded)).toEqual([true])
    denied(results.find((result) => !result.ok)!, ReplayError)
    expect(await store.revocations.lookup([notes.cid.toString()])).toHaveLength(1)
  })

  it('is ReplayError for two sends of one revocation racing each other, and spends one use', async () => {
    const mandate = await mandateOf(2)
    const { request } = await revocationOf(mandate, await delegate(world))
    const results = await Promise.all([revokeDelegation(request), revokeDelegation(request)])
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    denied(results.find((result) => !result.ok)!, ReplayError)

    expect(accepted(await revokeDelegation((await revocationOf(mandate, await delegate(world))).request)).recorded).toBe(true)
    denied(await revokeDelegation((await revocationOf(mandate, await delegate(world))).request), CapExceededError)
  })
})
