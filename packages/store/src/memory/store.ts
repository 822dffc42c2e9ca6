import type { StateStore } from '../interface.js'
import { checkSweepOptions } from '../validate.js'
import { admitInMemory } from './admit.js'
import { MemoryLedger } from './ledger.js'
import { Lifetime } from './lifetime.js'
import { MemoryReplay } from './replay.js'
import { MemoryRevocations } from './revocations.js'

/**
 * A state store in memory: for tests, browsers and single-process services
 * that accept losing their state on restart (which forgets spent quota and
 * revocations, so a production service wants `openSqliteStore` from `@capchain/store-sqlite`).
 */
export function createMemoryStore(): StateStore {
  const lifetime = new Lifetime()
  const stores = { ledger: new MemoryLedger(lifetime), revocations: new MemoryRevocations(lifetime), replay: new MemoryReplay(lifetime) }
  return {
    ...stores,
    admitInvocation: async (request) => {
      lifetime.check()
      return admitInMemory(stores, request)
    },
    sweep: async (options) => {
      lifetime.check()
      const plan = checkSweepOptions(options)
      // No await from here on: the sweep is one step on the event loop, like every other call.
      const replay = stores.replay.sweepNow(plan.now, plan.margin, plan.limit)
      return { replay, ...stores.ledger.sweepNow(plan, (cid) => stores.replay.has(cid)) }
    },
    close: async () => lifetime.close(),
  }
}
