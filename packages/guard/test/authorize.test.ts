/**
 * The pipeline's order: admission of the claimed subject first (an
 * unadmitted subject costs nothing: no signature, no replay record, no
 * charge), the requirement's measure only after the chain verified and the
 * replay record is made, replay by identity, and nothing reserved for a
 * denied chain.
 */
import { envelopeIdentity } from '@capchain/core/envelope'
import { CapchainError } from '@capchain/core/errors'
import type { DID } from '@capchain/core/principal'
import type { Delegation, Invocation } from '@capchain/core/token'
import type { StateStore } from '@capchain/store'
import { PolicyViolationError } from '@capchain/verifier'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { authorizeInvocation, capStatement, CapExceededError, ReplayError, routeRequirement } from '../src/index.js'
import type { AuthorizeRequest, InvocationRequirement } from '../src/index.js'
import { accepted, authorizeRoute, delegate, denied, invoke, makeWorld, memoryStore, NOW, readNote } from './fixtures.js'
import type { World } from './fixtures.js'

class NotServedError extends CapchainError {
  constructor(subject: DID, cid: string) {
    super('ERR_TEST_NOT_SERVED', `${subject} is not served here`, { cid })
  }
}

let world: World
let notes: Delegation
let store: StateStore

beforeAll(async () => {
  world = await makeWorld()
  notes = await delegate(world, [capStatement({ bytes: 100 })])
})

beforeEach(() => {
  store = memoryStore()
})

function request(invocation: Invocation, overrides: Partial<AuthorizeRequest> = {}): AuthorizeRequest {
  return { invocation: invocation.bytes, proofs: [notes.bytes], service: world.service.did(), store, now: NOW, ...overrides }
}

describe('admission', () => {
  it('refuses an unadmitted subject before anything else, and the same invocation is accepted once admitted', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' } })
    const asked: string[] = []
    const refuse = (subject: DID, cid: string) => {
      asked.push(subject)
      return new NotServedError(subject, cid)
    }
    const result = await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1' }, { admit: refuse })
    const error = denied(result, NotServedError)
    expect(error.cid).toBe(invocation.cid.toString())
    expect(asked).toEqual([world.user.did()])
    // Refused before the chain: no links decoded, no replay record made.
    expect(result.links).toEqual([])
    accepted(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1' }, { admit: () => undefined }))
  })

  it('is asked before the requirement, so a refused subject never reaches the route’s checks', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/write', args: { id: 'n1' } })
    const result = await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1' }, { admit: (s, cid) => new NotServedError(s, cid) })
    denied(result, NotServedError)
  })
})

describe('measure', () => {
  it('is asked once, after the chain, with its subject, and its answer is reserved', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' } })
    const route = await routeRequirement(readNote, { id: 'n1' })
    const subjects: DID[] = []
    const measured: InvocationRequirement = {
      check: (inv, now) => ({ ...route.check(inv, now), bytes: 100 }),
      measure: async (subject) => {
        subjects.push(subject)
        return 40
      },
    }
    const value = accepted(await authorizeInvocation(request(invocation), measured))
    expect(subjects).toEqual([world.user.did()])
    expect(value.bytes).toBe(40)
    expect(value.reservation.bytes).toBe(40)
  })

  it('is never asked for a chain that does not allow the request', async () => {
    const narrow = await delegate(world, [['==', '.id', 'n2']])
    const invocation = await invoke(world, [narrow], { command: '/notes/read', args: { id: 'n1' } })
    const route = await routeRequirement(readNote, { id: 'n1' })
    let asked = 0
    const measured: InvocationRequirement = { check: route.check, measure: async () => ++asked }
    denied(await authorizeInvocation(request(invocation, { proofs: [narrow.bytes] }), measured), PolicyViolationError)
    expect(asked).toBe(0)
  })

  it('a refusal it throws is the denial, and nothing is charged', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1' } })
    const route = await routeRequirement(readNote, { id: 'n1' })
    const measured: InvocationRequirement = {
      check: route.check,
      measure: async (subject) => {
        throw new NotServedError(subject, invocation.cid.toString())
      },
    }
    denied(await authorizeInvocation(request(invocation), measured), NotServedError)
    const key = envelopeIdentity(notes.envelope).toString()
    expect((await store.ledger.usage([key])).get(key)?.uses ?? 0).toBe(0)
  })
})

describe('replay and caps', () => {
  it('executes an invocation once; the second send is ReplayError and charges nothing', async () => {
    const invocation = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1', size: 30 } })
    const first = accepted(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1', size: 30 }))
    await first.reservation.commit()
    const again = denied(await authorizeRoute(world, store, invocation, [notes], readNote, { id: 'n1', size: 30 }), ReplayError)
    expect(again.code).toBe('ERR_REPLAY')
  })

  it('reserves up to the cap and refuses one byte more (near miss)', async () => {
    const full = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1', size: 100 } })
    const held = accepted(await authorizeRoute(world, store, full, [notes], readNote, { id: 'n1', size: 100 }))
    const more = await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1', size: 1 } })
    denied(await authorizeRoute(world, store, more, [notes], readNote, { id: 'n1', size: 1 }), CapExceededError)
    await held.reservation.refund()
    accepted(await authorizeRoute(world, store, await invoke(world, [notes], { command: '/notes/read', args: { id: 'n1', size: 1 } }), [notes], readNote, { id: 'n1', size: 1 }))
  })
})
