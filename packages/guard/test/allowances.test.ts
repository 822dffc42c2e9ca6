/**
 * Periodic caps and named amounts through the guard (issue 19): a requirement
 * that spends `wei` (as the EVM profile does), a per-day allowance on real
 * signed delegations, its 429 with Retry-After, and the near misses.
 */
import { createDelegation } from '@capchain/core/token'
import type { Delegation } from '@capchain/core/token'
import type { StateStore } from '@capchain/store'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  authorizeInvocation,
  capStatement,
  CapExceededError,
  CapGrantExceededError,
  checkCapGrant,
  problemBody,
  problemResponse,
  routeRequirement,
  statusOf,
} from '../src/index.js'
import type { InvocationRequirement } from '../src/index.js'
import { accepted, DAY, denied, invoke, makeWorld, memoryStore, NOW } from './fixtures.js'
import type { World } from './fixtures.js'

interface Spend {
  readonly wei: string
}

/** `/pay` with `{wei}` in args, spending that much `wei` on every cap. */
async function payRequirement(spend: Spend): Promise<InvocationRequirement> {
  const route = await routeRequirement({ command: '/pay', args: (request: Spend) => ({ wei: request.wei }) }, spend)
  return { ...route, check: (invocation, now) => ({ ...route.check(invocation, now), amounts: { wei: BigInt(spend.wei) } }) }
}

let world: World
let store: StateStore
let daily: Delegation

/** A two-day grant from the user to the agent with `policy`. */
const grant = (policy: Parameters<typeof capStatement>[0]) =>
  createDelegation({
    issuer: world.user,
    audience: world.agent.did(),
    subject: world.user.did(),
    command: '/pay',
    policy: [capStatement(policy)],
    expiration: NOW + 2 * DAY,
  })

async function pay(chain: readonly Delegation[], wei: string, now = NOW) {
  const invocation = await invoke(world, chain, { command: '/pay', args: { wei }, expiration: now + 300 })
  return authorizeInvocation(
    { invocation: invocation.bytes, proofs: chain.map((d) => d.bytes), service: world.service.did(), store, now },
    await payRequirement({ wei }),
  )
}

beforeAll(async () => {
  world = await makeWorld()
  daily = await grant({ period: DAY, amounts: { wei: 100n } })
})
beforeEach(() => {
  store = memoryStore()
})

describe('a per-day allowance', () => {
  it('spends up to the allowance in a UTC day and refuses one wei more with 429 and Retry-After until midnight', async () => {
    await accepted(await pay([daily], '60')).reservation.commit()
    accepted(await pay([daily], '40', NOW + 3600))
    const refused = denied(await pay([daily], '1', NOW + 3600), CapExceededError)
    expect(refused).toMatchObject({ code: 'ERR_CAP_WINDOW_EXCEEDED', dimension: 'amount', amount: 'wei', limit: 100n, used: 100n, requested: 1n })
    expect(refused.resetsAt).toBe(NOW + DAY)
    expect(statusOf(refused)).toBe(429)
    const body = problemBody(refused, statusOf(refused), '')
    expect(body.retryAfter).toBeGreaterThan(0)
    expect(problemResponse(body).headers.get('retry-after')).toBe(String(body.retryAfter))
  })

  it('is whole again at the next UTC day, and a refund goes back to the day it was reserved in', async () => {
    const late = accepted(await pay([daily], '100', NOW + DAY - 1))
    accepted(await pay([daily], '100', NOW + DAY))
    await late.reservation.refund()
    accepted(await pay([daily], '100', NOW + DAY - 1))
    denied(await pay([daily], '1', NOW + DAY + 1), CapExceededError)
  })

  it('binds a sub-delegation that states a wider allowance (escalation near miss)', async () => {
    const wider = await createDelegation({
      issuer: world.agent,
      audience: world.agent.did(),
      subject: world.user.did(),
      command: '/pay',
      policy: [capStatement({ period: DAY, amounts: { wei: 1_000n } })],
      expiration: NOW + DAY,
    })
    denied(await pay([daily, wider], '101'), CapExceededError)
    accepted(await pay([daily, wider], '100'))
  })

  it('keeps a lifetime cap a 403 that never resets', async () => {
    const lifetime = await grant({ amounts: { wei: 10n } })
    const refused = denied(await pay([lifetime], '11'), CapExceededError)
    expect(refused.code).toBe('ERR_CAP_EXCEEDED')
    expect(refused.resetsAt).toBeUndefined()
    expect(statusOf(refused)).toBe(403)
    expect(problemBody(refused, 403, '').retryAfter).toBeUndefined()
  })

  it('counts amounts past 2^64 exactly', async () => {
    const huge = await grant({ amounts: { wei: 2n ** 64n } })
    accepted(await pay([huge], String(2n ** 64n - 1n)))
    accepted(await pay([huge], '1'))
    denied(await pay([huge], '1'), CapExceededError)
  })
})

describe('granting from an allowance', () => {
  it('refuses a child allowance above a periodic ancestor\'s whole allowance, and allows it up to that even once spent', async () => {
    await accepted(await pay([daily], '100')).reservation.commit()
    const refused = checkCapGrant({ parent: [daily], cap: { amounts: { wei: 101n } }, ledger: store.ledger })
    await expect(refused).rejects.toBeInstanceOf(CapGrantExceededError)
    await expect(refused).rejects.toMatchObject({ dimension: 'wei', requested: 101n, available: 100n })
    await checkCapGrant({ parent: [daily], cap: { period: 3600, amounts: { wei: 100n } }, ledger: store.ledger })
  })

  it('refuses a child amount above what a lifetime ancestor has left', async () => {
    const lifetime = await grant({ amounts: { wei: 10n } })
    await accepted(await pay([lifetime], '6')).reservation.commit()
    await expect(checkCapGrant({ parent: [lifetime], cap: { amounts: { wei: 5n } }, ledger: store.ledger })).rejects.toMatchObject({
      code: 'ERR_CAP_GRANT_EXCEEDED',
      available: 4n,
    })
    await checkCapGrant({ parent: [lifetime], cap: { amounts: { wei: 4n, other: 1000n } }, ledger: store.ledger })
  })
})
