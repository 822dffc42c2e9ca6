/**
 * A route that carries its own `InvocationRequirement` (a profile's, as the
 * storage service's routes carry the storage profile's) goes through the
 * same pipeline as a command-and-args route; the handler it lets through
 * gets the chain's links and the revocation recheck of its request.
 */
import { describe, expect, it } from 'vitest'
import { CapchainError } from '@capchain/core/errors'
import type { Invocation } from '@capchain/core'
import { routeRequirement } from '../../src/authorize/route.js'
import type { GuardCheck } from '../../src/http/guard.js'
import type { GuardedAuthorization } from '../../src/http/guarded.js'
import type { RequirementRoute } from '../../src/http/route.js'
import { invoke, notesGuard, signIn, unixNow } from './support/world.js'

/** A note id as a request carries it; `reject` makes the route's requirement refuse the request itself. */
interface Request {
  readonly id: string
  readonly reject?: boolean
}

class OddIdError extends CapchainError {
  constructor(id: string) {
    super('ERR_ODD_ID', `note ids are even, not ${id}`, { at: 'url' })
  }
}

/** `/notes/read {id}`, its requirement made from the request: it may refuse the request before the chain is read. */
const route: RequirementRoute<Request> = {
  async requirement(request) {
    if (request.reject === true) throw new OddIdError(request.id)
    return routeRequirement({ command: '/notes/read', args: () => ({ id: request.id }) }, request)
  },
}

function allowed(checked: GuardCheck): GuardedAuthorization {
  if (!checked.ok) return expect.fail(`expected an allowed request, got ${checked.problem.code}: ${checked.problem.detail}`)
  return checked.auth
}

describe('a route with its own requirement', () => {
  it('lets through the invocation its requirement accepts, with the chain it checked, root first', async () => {
    const guard = await notesGuard()
    const session = await signIn()
    const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: '42' } })
    const auth = allowed(await guard.check(route, { id: '42' }, header))
    expect(auth.command).toBe('/notes/read')
    expect(auth.links.length).toBeGreaterThanOrEqual(2)
    expect(auth.links[0]?.cid?.toString()).toBe(session.root.cid.toString())
  })

  it('near miss: args its requirement refuses are the requirement\'s denial, as a problem body', async () => {
    const guard = await notesGuard()
    const session = await signIn()
    const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: '43' } })
    const checked = await guard.check(route, { id: '42' }, header)
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(checked.problem).toMatchObject({ code: 'ERR_ARGS_MISMATCH', status: 403, at: 'args.id' })
  })

  it('near miss: a request its requirement cannot make is refused before the chain, with that error', async () => {
    const guard = await notesGuard()
    const session = await signIn()
    const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: '7' } })
    const checked = await guard.check(route, { id: '7', reject: true }, header)
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(checked.problem).toMatchObject({ code: 'ERR_ODD_ID', at: 'url', detail: 'note ids are even, not 7' })
    // Nothing was recorded: the same invocation is still accepted for a request the route can make.
    allowed(await guard.check({ requirement: () => routeRequirement({ command: '/notes/read', args: () => ({ id: '7' }) }, undefined) }, undefined, header))
  })
})

describe('recheckRevocation', () => {
  it('passes while the chain is unrevoked, and throws ERR_REVOKED once its root is revoked, with the links of that check', async () => {
    const guard = await notesGuard()
    const session = await signIn()
    const { header, invocation } = await invoke(guard, session, { command: '/notes/read', args: { id: '42' } })
    const auth = allowed(await guard.check(route, { id: '42' }, header))
    await auth.recheckRevocation()
    const before = auth.links
    // A SIWE root is revoked by its identity, one for every spelling of it.
    await guard.config.store.revocations.add({ cid: session.capKey, revoker: session.subject, at: unixNow(), invocation: idOf(invocation) })
    const error = await auth.recheckRevocation().then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(CapchainError)
    expect((error as CapchainError).code).toBe('ERR_REVOKED')
    expect(auth.links).not.toBe(before)
  })
})

describe('the authorization a handler gets', () => {
  it('settles once, through its methods taken off it too, and says so', async () => {
    const guard = await notesGuard()
    const session = await signIn()
    const { header } = await invoke(guard, session, { command: '/notes/read', args: { id: '42' } })
    const auth = allowed(await guard.check(route, { id: '42' }, header))
    const { settle, refund } = auth
    expect(auth.settled).toBe(false)
    await settle()
    expect(auth.settled).toBe(true)
    await expect(refund()).rejects.toMatchObject({ code: 'ERR_RESERVATION_SETTLED' })
    await expect(auth.settle()).rejects.toMatchObject({ code: 'ERR_RESERVATION_SETTLED' })
    expect(auth).toMatchObject({ command: '/notes/read', subject: session.subject, args: { id: '42' }, bytes: 0 })
  })
})

function idOf(invocation: Invocation): string {
  return invocation.cid.toString()
}
