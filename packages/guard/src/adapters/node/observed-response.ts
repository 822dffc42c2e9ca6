/**
 * The end of an allowed request on a Node `ServerResponse` (Express,
 * Fastify): the handler's step lasts until the response is over, then the
 * reservation is settled and the request's access line written.
 */
import type { ServerResponse } from 'node:http'
import type { Guard } from '../../http/guard.js'
import type { GuardedAuthorization } from '../../http/guarded.js'
import { REQUEST_SPANS } from '../../http/observe/request.js'
import type { ObservedRequest } from '../../http/observe/request.js'
import { settleOutcome } from '../../http/settlement.js'
import type { GuardedRoute, Outcome } from '../../http/settlement.js'
import { meterNodeResponse } from './metered-response.js'

/** The observed request of each guarded response, for the framework's error handler to name what the handler threw. */
const observedByResponse = new WeakMap<ServerResponse, ObservedRequest>()

/** Tell the access line of the guarded request `res` answers (if any) the code of what its handler threw. */
export function responseFailed(res: ServerResponse, code: string): void {
  observedByResponse.get(res)?.failed(code)
}

/** Meter `res` now (before the handler writes), then settle `auth` and end `observed` once it is over. */
export function settleNodeResponse<Req>(guard: Guard, route: GuardedRoute<Req>, auth: GuardedAuthorization, res: ServerResponse, observed: ObservedRequest): void {
  observedByResponse.set(res, observed)
  const ended = new Promise<Outcome>((resolve) => meterNodeResponse(res, resolve))
  // The span only: settlement waits on the response itself, so a tracing failure cannot leave a reservation open.
  void observed.step(REQUEST_SPANS.handler, () => ended).catch((error: unknown) => guard.log({ kind: 'fault', error }))
  void ended.then(async (outcome) => {
    await settleOutcome(auth, route.charge, outcome, guard.log, observed)
    observed.end(res.statusCode)
  })
}
