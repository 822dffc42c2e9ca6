/**
 * `@capchain/guard/fetch`: a guarded handler for Fetch runtimes (workers,
 * Deno, Bun, `@hono/node-server`'s `fetch`): `(Request) => Promise<Response>`.
 */
import type { Guard } from '../../http/guard.js'
import type { GuardedAuthorization } from '../../http/guarded.js'
import { meteredResponse } from '../../http/metered-body.js'
import { problemResponse } from '../../http/problem.js'
import { settleOutcome } from '../../http/settlement.js'
import type { GuardedRoute } from '../../http/settlement.js'

export type GuardedFetchHandler = (request: Request, auth: GuardedAuthorization) => Promise<Response>

/**
 * `handler` behind the guard for `route`: it runs only for an allowed
 * request; what it leaves unsettled is settled by its response (refunded
 * on a throw or a status ≥ 400, charged the bytes sent if the client goes
 * away mid-body, everything otherwise).
 */
export function withGuard(guard: Guard, route: GuardedRoute<Request>, handler: GuardedFetchHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const checked = await guard.check(route, request, request.headers.get('authorization'))
    if (!checked.ok) return problemResponse(checked.problem)
    const { auth } = checked
    let response: Response
    try {
      response = await handler(request, auth)
    } catch (error) {
      await settleOutcome(auth, route.charge, { kind: 'failed' }, guard.log)
      return problemResponse(await guard.problem(error))
    }
    if (response.status >= 400) {
      await settleOutcome(auth, route.charge, { kind: 'failed' }, guard.log)
      return response
    }
    return meteredResponse(response, (outcome) => void settleOutcome(auth, route.charge, outcome, guard.log))
  }
}
