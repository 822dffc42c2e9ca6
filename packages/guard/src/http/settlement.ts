/**
 * How every adapter settles what the handler left unsettled, from what it
 * saw of the response: one rule, so no adapter charges differently.
 */
import type { GuardEvent } from './config.js'
import type { GuardedAuthorization } from './guarded.js'
import { REQUEST_SPANS, UNOBSERVED } from './observe/request.js'
import type { ObservedRequest } from './observe/request.js'
import type { CheckedRoute } from './route.js'

/**
 * What a route's reservation pays for, when its handler does not settle it:
 *
 * - `reserved` (default): the work the request asked for (an upload's
 *   stored bytes, an operation). Charged whole once the handler answers
 *   below 400, even if the client leaves before reading the answer: the work
 *   is done by then.
 * - `response`: the response body (a download). Charged the bytes that
 *   left, at most the reservation, whether the client read it all or went
 *   away mid-body.
 */
export type Charge = 'reserved' | 'response'

/** A route as adapters take it: the pipeline's requirement, and what its reservation pays for. */
export type GuardedRoute<Req> = CheckedRoute<Req> & {
  /** Default `reserved`. */
  readonly charge?: Charge
}

/** What became of a guarded request once its handler returned. */
export type Outcome =
  /** The handler threw or answered ≥ 400: nothing was served. */
  | { readonly kind: 'failed' }
  /** The whole response was sent: `sent` bytes of body. */
  | { readonly kind: 'served'; readonly sent: number }
  /** The client went away after `sent` bytes of the body. */
  | { readonly kind: 'aborted'; readonly sent: number }

/**
 * Whether the response to a request with `method` carries a body: not for
 * HEAD, which the frameworks route to the GET handler and whose body the
 * server drops. HEAD is then settled as the GET it stands for, with no
 * bytes sent: its invocation is spent, a `reserved` route pays its work
 * (the handler ran), a `response` route only the use.
 */
export function sendsBody(method: string): boolean {
  return method !== 'HEAD'
}

/** The outcome of a response whose status is `status`, sent whole with `sent` bytes of body. */
export function outcomeOfStatus(status: number, sent: number): Outcome {
  return status >= 400 ? { kind: 'failed' } : { kind: 'served', sent }
}

/**
 * Settle `auth` for `outcome` as `charge` says, unless the handler already
 * did: a failure refunds; otherwise everything reserved, or the body bytes
 * sent (never more than reserved). A ledger failure is logged: the response
 * has left already. `observed` is told the bytes charged.
 */
export async function settleOutcome(
  auth: GuardedAuthorization,
  charge: Charge | undefined,
  outcome: Outcome,
  log: (event: GuardEvent) => void,
  observed: ObservedRequest = UNOBSERVED,
): Promise<void> {
  if (auth.settled) return
  try {
    await observed.step(REQUEST_SPANS.settle, async (span) => {
      const charged = outcome.kind === 'failed' ? 0 : charge === 'response' ? Math.min(outcome.sent, auth.bytes) : auth.bytes
      span?.setAttribute('capchain.bytes', charged)
      await (outcome.kind === 'failed' ? auth.refund() : auth.settle(charged))
      observed.settled(charged)
      log({ kind: 'settled', subject: auth.subject, command: auth.command, refunded: outcome.kind === 'failed', charged })
    })
  } catch (error) {
    log({ kind: 'fault', error })
  }
}
