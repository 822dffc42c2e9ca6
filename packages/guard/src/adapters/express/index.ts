/**
 * `@capchain/guard/express`: the guard as Express middleware. The handler
 * reads the authorization from `res.locals.capchain`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Guard } from '../../http/guard.js'
import type { GuardedAuthorization } from '../../http/guarded.js'
import { problemResponse } from '../../http/problem.js'
import type { GuardedRoute } from '../../http/settlement.js'
import { sendResponse } from '../node/metered-response.js'
import { settleNodeResponse } from '../node/observed-response.js'

export { nodeHandler } from '../node/fetch-handler.js'

/**
 * Middleware that passes a request on (`next()`) only when the guard
 * allows it for `route` (whose `args` read Express's `Request`, params
 * included once routed). What the handler leaves unsettled is settled by
 * its response: refunded on `next(error)` or a status ≥ 400, charged as
 * `route.charge` says otherwise (settlement.ts). Each request is one line
 * of the guard's access log, its route the Express pattern.
 */
export function expressGuard(guard: Guard, route: GuardedRoute<Request>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const observed = guard.observe(req.method, routeOf(req))
    void guard.check(route, req, req.headers.authorization, observed).then(
      async (checked) => {
        if (!checked.ok) {
          await sendResponse(res, problemResponse(checked.problem))
          observed.end(checked.problem.status)
          return
        }
        const { auth } = checked
        res.locals.capchain = auth
        settleNodeResponse(guard, route, auth, res, observed)
        next()
      },
      next,
    )
  }
}

/** The route's pattern (`/notes/:id`) when the guard is mounted on a route, else the path: never the query. */
function routeOf(req: Request): string {
  const pattern: unknown = (req.route as { path?: unknown } | undefined)?.path
  return `${req.baseUrl}${typeof pattern === 'string' ? pattern : req.path}`
}

/**
 * The authorization of a request `expressGuard` let through (`res.locals.capchain`, typed).
 * @throws {Error} the route has no `expressGuard` (a programming error, not a request to deny)
 */
export function capchainOf(res: Response): GuardedAuthorization {
  const auth = res.locals.capchain as GuardedAuthorization | undefined
  if (auth === undefined) throw new Error('capchainOf: this route is not guarded by expressGuard')
  return auth
}
