/**
 * The end of an allowed request on a Fetch `Response` (Hono and Fetch
 * adapters), once its handler answered below 400: settled when the body
 * has left for a route that charges its response, at once otherwise.
 */
import type { Guard } from './guard.js'
import type { GuardedAuthorization } from './guarded.js'
import { meteredResponse } from './metered-body.js'
import type { ObservedRequest } from './observe/request.js'
import { sendsBody, settleOutcome } from './settlement.js'
import type { Charge, Outcome } from './settlement.js'

/**
 * `response` as the client gets it, `auth` settled as `charge` says
 * (settlement.ts), for a request with `method`. A `reserved` route is charged everything once its
 * handler answered, whatever becomes of the body: counting the body would
 * change nothing it pays, so its response is passed on as it is (no stream
 * wrapped around it). Either way the response does not wait for the
 * ledger, and the access line is written once the settlement is.
 */
export function settledResponse(
  guard: Guard,
  auth: GuardedAuthorization,
  charge: Charge | undefined,
  response: Response,
  observed: ObservedRequest,
  method: string,
): Response {
  const { status } = response
  const settle = (outcome: Outcome): void => void settleOutcome(auth, charge, outcome, guard.log, observed).then(() => observed.end(status))
  // A body the server drops (HEAD) is never read: metering it would leave the reservation open.
  if (charge === 'response' && sendsBody(method)) return meteredResponse(response, settle)
  // What was sent does not change what a `reserved` route pays.
  settle({ kind: 'served', sent: 0 })
  return response
}
