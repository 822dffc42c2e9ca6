/**
 * How every adapter settles what the handler left unsettled, from what it
 * saw of the response: one rule, so no adapter charges differently.
 */
import type { GuardEvent } from './config.js'
import type { GuardedAuthorization } from './guarded.js'

/** What became of a guarded request once its handler returned. */
export type Outcome =
  /** The handler threw or answered ≥ 400: nothing was served. */
  | { readonly kind: 'failed' }
  /** The whole response was sent. */
  | { readonly kind: 'served' }
  /** The client went away after `sent` bytes of the body. */
  | { readonly kind: 'aborted'; readonly sent: number }

/** The outcome of a response whose status is `status`, sent whole. */
export function outcomeOfStatus(status: number): Outcome {
  return status >= 400 ? { kind: 'failed' } : { kind: 'served' }
}

/**
 * Settle `auth` for `outcome`, unless the handler already did: a failure
 * refunds, a whole response charges everything reserved (a handler that
 * knows it used less settles that itself), an abandoned one the bytes sent
 * (never more than reserved). A ledger failure is logged: the response has
 * left already.
 */
export async function settleOutcome(auth: GuardedAuthorization, outcome: Outcome, log: (event: GuardEvent) => void): Promise<void> {
  if (auth.settled) return
  try {
    if (outcome.kind === 'failed') await auth.refund()
    else if (outcome.kind === 'served') await auth.settle()
    else await auth.settle(Math.min(outcome.sent, auth.bytes))
  } catch (error) {
    log({ kind: 'fault', error })
  }
}
