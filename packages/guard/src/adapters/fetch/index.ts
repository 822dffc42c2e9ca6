/**
 * `@capchain/guard/fetch`: a guarded handler for Fetch runtimes (workers,
 * Deno, Bun, `@hono/node-server`'s `fetch`): `(Request) => Promise<Response>`.
 */
import type { Guard } from '../../http/guard.js'
import type { GuardedAuthorization } from '../../http/guarded.js'
import { REQUEST_SPANS } from '../../http/observe/request.js'
import { problemResponse } from '../../http/problem.js'
import { settledResponse } from '../../http/settled-response.js'
import { settleOutcome } from '../../http/settlement.js'
import type { GuardedRoute } from '../../http/settlement.js'

export type GuardedFetchHandler = (request: Request, auth: GuardedAuthorization) => Promise<Response>

/**
 * `handler` behind the guard for `route`: it runs only for an allowed
 * request; what it leaves unsettled is settled by its response (refunded
 * on a throw or a status ≥ 400, charged the bytes sent if the client goes
 * away mid-body, everything otherwise). Each request is one line of the
 * guard's access log, its route the URL's path.
 */
export function withGuard(guard: Guard, route: GuardedRoute<Request>, handler: GuardedFetchHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const observed = guard.observe(request.method, new URL(request.url).pathname)
    const checked = await guard.check(route, request, request.headers.get('authorization'), observed)
    if (!checked.ok) {
      observed.end(checked.problem.status)
      return problemResponse(checked.problem)
    }
    const { auth } = checked
    let response: Response
    try {
      response = await observed.step(REQUEST_SPANS.handler, () => handler(request, auth))
    } catch (error) {
      await settleOutcome(auth, route.charge, { kind: 'failed' }, guard.log, observed)
      const problem = await guard.problem(error)
      observed.failed(problem.code)
      observed.end(problem.status)
      return problemResponse(problem)
    }
    if (response.status >= 400) {
      await settleOutcome(auth, route.charge, { kind: 'failed' }, guard.log, observed)
      observed.end(response.status)
      return response
    }
    return settledResponse(guard, auth, route.charge, response, observed, request.method)
  }
}
