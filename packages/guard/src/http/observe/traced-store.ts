/**
 * The state store as one traced request sees it: its admission
 * (`admitInvocation`, one span) or, for a store without one, the replay
 * claim, the revocation lookup and the cap reservation, each run as a span
 * under the chain check; a measured request's reservation after its
 * admission is a span of its own. Tracing at the store is what keeps the pipeline itself
 * (authorize/) free of tracing: it makes exactly these calls, in its order.
 */
import type { StateStore } from '@capchain/store'
import type { GuardSpan, StartChild } from './tracer.js'

/** Span names of the store's steps. */
export const STORE_SPANS = {
  admit: 'capchain.admit',
  claim: 'capchain.replay',
  lookup: 'capchain.revocation',
  reserve: 'capchain.reserve',
} as const

/** `store` with its request-time calls traced as children of `parent`; the rest passes through. */
export function tracedStore(store: StateStore, parent: GuardSpan, child: StartChild): StateStore {
  const { ledger, replay, revocations } = store
  // Kept only when the store has one, so a traced request takes the same path (and round trips) as an untraced one.
  const admitInvocation = store.admitInvocation?.bind(store)
  return {
    ...(admitInvocation === undefined
      ? {}
      : {
          admitInvocation: (request) =>
            child(parent, STORE_SPANS.admit, async (span) => {
              const result = await admitInvocation(request)
              span.setAttribute('capchain.admitted', result.ok)
              if (!result.ok) span.setAttribute('capchain.refused', result.refused)
              return result
            }),
        }),
    ledger: {
      reserve: (request) =>
        child(parent, STORE_SPANS.reserve, async (span) => {
          const result = await ledger.reserve(request)
          span.setAttribute('capchain.reserved', result.ok)
          return result
        }),
      commit: (id, bytes) => ledger.commit(id, bytes),
      refund: (id) => ledger.refund(id),
      usage: (cids) => ledger.usage(cids),
    },
    replay: {
      claim: (cid, expiresAt, now) =>
        child(parent, STORE_SPANS.claim, async (span) => {
          const claimed = await replay.claim(cid, expiresAt, now)
          span.setAttribute('capchain.claimed', claimed)
          return claimed
        }),
      sweep: (now, margin) => replay.sweep(now, margin),
    },
    revocations: {
      add: (record) => revocations.add(record),
      lookup: (cids) => child(parent, STORE_SPANS.lookup, () => revocations.lookup(cids)),
    },
    close: () => store.close(),
  }
}
