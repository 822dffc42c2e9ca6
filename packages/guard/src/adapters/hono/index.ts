/**
 * `@capchain/guard/hono`: the guard as Hono middleware. The handler reads
 * the authorization with `c.get('capchain')`.
 */
import type { MiddlewareHandler } from 'hono'
import type { Guard } from '../../http/guard.js'
import type { GuardedAuthorization } from '../../http/guarded.js'
import { meteredResponse } from '../../http/metered-body.js'
import { problemResponse } from '../../http/problem.js'
import { settleOutcome } from '../../http/settlement.js'
import type { GuardedRoute } from '../../http/settlement.js'
import type { Context } from 'hono'

/** The variables the middleware sets. */
export interface CapchainVariables {
  capchain: GuardedAuthorization
}

/**
 * Middleware that lets a request through to the route's handler only when
 * the guard allows it for `route` (whose `args` read Hono's `Context`).
 * What the handler leaves unsettled is settled by its response: refunded
 * on a throw or a status ≥ 400, charged as `route.charge` says otherwise
 * (settlement.ts).
 */
export function capchain(guard: Guard, route: GuardedRoute<Context>): MiddlewareHandler<{ Variables: CapchainVariables }> {
  return async (c, next) => {
    const checked = await guard.check(route, c, c.req.header('authorization'))
    if (!checked.ok) return problemResponse(checked.problem)
    const { auth } = checked
    c.set('capchain', auth)
    await next()
    // Hono catches what the handler throws: c.error is set and c.res is the error handler's answer.
    if (c.error !== undefined || c.res.status >= 400) {
      await settleOutcome(auth, route.charge, { kind: 'failed' }, guard.log)
      return
    }
    c.res = meteredResponse(c.res, (outcome) => void settleOutcome(auth, route.charge, outcome, guard.log))
  }
}
