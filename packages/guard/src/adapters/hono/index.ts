/**
 * `@capchain/guard/hono`: the guard as Hono middleware. The handler reads
 * the authorization with `c.get('capchain')`.
 */
import type { MiddlewareHandler } from 'hono'
import type { Guard } from '../../http/guard.js'
import type { GuardedAuthorization } from '../../http/guarded.js'
import { failureCode, REQUEST_SPANS } from '../../http/observe/request.js'
import { SPAN_STATUS_ERROR } from '../../http/observe/tracer.js'
import { problemResponse } from '../../http/problem.js'
import { settledResponse } from '../../http/settled-response.js'
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
 * (settlement.ts). Each request is one line of the guard's access log,
 * its route Hono's pattern.
 */
export function capchain(guard: Guard, route: GuardedRoute<Context>): MiddlewareHandler<{ Variables: CapchainVariables }> {
  return async (c, next) => {
    const observed = guard.observe(c.req.method, c.req.routePath)
    const checked = await guard.check(route, c, c.req.header('authorization'), observed)
    if (!checked.ok) {
      observed.end(checked.problem.status)
      return problemResponse(checked.problem)
    }
    const { auth } = checked
    c.set('capchain', auth)
    await observed.step(REQUEST_SPANS.handler, async (span) => {
      await next()
      if (c.error !== undefined) span?.setStatus({ code: SPAN_STATUS_ERROR, message: failureCode(c.error) })
    })
    // Hono catches what the handler throws: c.error is set and c.res is the error handler's answer.
    if (c.error !== undefined || c.res.status >= 400) {
      if (c.error !== undefined) observed.failed(failureCode(c.error))
      await settleOutcome(auth, route.charge, { kind: 'failed' }, guard.log, observed)
      observed.end(c.res.status)
      return
    }
    const response = settledResponse(guard, auth, route.charge, c.res, observed, c.req.method)
    // Hono's `c.res` setter rebuilds the response around its body stream even when given the same
    // one: the handler's string body would become a stream, at several times the cost of the route.
    if (response !== c.res) c.res = response
  }
}
