/**
 * `@capchain/guard/express`: the guard as Express middleware. The handler
 * reads the authorization from `res.locals.capchain`.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express'
import type { Guard } from '../../http/guard.js'
import type { GuardedAuthorization } from '../../http/guarded.js'
import { problemResponse } from '../../http/problem.js'
import type { GuardedRoute } from '../../http/settlement.js'
import { sendResponse } from '../node/metered-response.js'
import { responseFailed, settleNodeResponse } from '../node/observed-response.js'

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

/**
 * Express error middleware (mount it last, `app.use(expressErrorHandler(guard))`)
 * answering what a handler threw with the guard's problem body, as every
 * adapter does: a `CapchainError` its code and status, anything else a 500
 * whose text stays in the log. A guarded request's access line gets the
 * code. Once the response has started, Express's own handler ends it.
 */
export function expressErrorHandler(guard: Guard): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error)
    const auth = res.locals.capchain as GuardedAuthorization | undefined
    void guard
      .problem(error, undefined, auth?.links)
      .then((body) => {
        responseFailed(res, body.code)
        return sendResponse(res, problemResponse(body))
      })
      .catch(next)
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
