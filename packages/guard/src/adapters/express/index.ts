/**
 * `@capchain/guard/express`: the guard as Express middleware. The handler
 * reads the authorization from `res.locals.capchain`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Guard } from '../../http/guard.js'
import type { GuardedAuthorization } from '../../http/guarded.js'
import { problemResponse } from '../../http/problem.js'
import { settleOutcome } from '../../http/settlement.js'
import type { GuardedRoute } from '../../http/settlement.js'
import { meterNodeResponse, sendResponse } from '../node/metered-response.js'

export { nodeHandler } from '../node/fetch-handler.js'

/**
 * Middleware that passes a request on (`next()`) only when the guard
 * allows it for `route` (whose `args` read Express's `Request`, params
 * included once routed). What the handler leaves unsettled is settled by
 * its response: refunded on `next(error)` or a status ≥ 400, charged as
 * `route.charge` says otherwise (settlement.ts).
 */
export function expressGuard(guard: Guard, route: GuardedRoute<Request>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    void guard.check(route, req, req.headers.authorization).then(
      async (checked) => {
        if (!checked.ok) return sendResponse(res, problemResponse(checked.problem))
        const { auth } = checked
        res.locals.capchain = auth
        meterNodeResponse(res, (outcome) => void settleOutcome(auth, route.charge, outcome, guard.log))
        next()
      },
      next,
    )
  }
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
