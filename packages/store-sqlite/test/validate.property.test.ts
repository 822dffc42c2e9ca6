/**
 * Fuzzing the stores' input checks: every call of the three stores, with
 * amounts, times and keys drawn from valid values and from what must never
 * reach a column or a running total (negative, fractional, beyond 2^53, not
 * a number, empty, not a string). The same call goes to the memory store and
 * to a real SQLite store; both must give the same answer, refuse exactly the
 * calls an independent oracle calls malformed with `StoreInputError`, accept
 * every other, and throw nothing but a `StoreError`.
 *
 * Cases, seed and timeouts: packages/attacks/test/support/fuzz-run.ts (`pnpm fuzz store-sqlite/validate`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryStore, StoreError } from '@capchain/store'
import type { CapCharge, ReserveRequest, RevocationRecord, StateStore } from '@capchain/store'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fuzzParameters, fuzzTimeout } from '../../attacks/test/support/fuzz-run.js'
import { openSqliteStore } from '../src/index.js'

/** A generous bound on one case: a few calls on each store, SQLite's committed on a RAM disk where there is one (measured: under 0.5 ms). */
const TIMEOUT = fuzzTimeout(10)

// A RAM disk keeps SQLite's per-commit fsync from dominating the run; the database is as real either way.
const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'capchain-store-fuzz-'))
let stores: { memory: StateStore; sqlite: StateStore }

beforeAll(() => {
  stores = { memory: createMemoryStore(), sqlite: openSqliteStore(join(dir, 'fuzz.db')) }
})

afterAll(async () => {
  await stores.memory.close()
  await stores.sqlite.close()
  rmSync(dir, { recursive: true, force: true })
})

/** What a caller might pass where an amount belongs; about half of it valid. */
const amount: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.nat({ max: 2000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, 2 ** 53, 2 ** 53 + 2, 1e300, NaN, Infinity, -Infinity, Number.MIN_VALUE) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: -1 }) },
  { weight: 1, arbitrary: fc.oneof(fc.bigInt(), fc.string({ maxLength: 4 }), fc.constantFrom(null, undefined, true, '1', [], {})) },
)

/** What a caller might pass where a key (a CID, an id, a DID) belongs. */
const key: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('bafy-a', 'bafy-b', 'bafy-c', 'did:key:z6Mk') },
  { weight: 2, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom('', null, undefined, 0, 1, [], {}, ['bafy-a']) },
)

/** The oracle's rules, written apart from the stores' own: an amount is a whole number in [0, 2^53). */
const isAmount = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER
const isKey = (value: unknown): boolean => typeof value === 'string' && value !== ''

const limit = fc.record({ bytes: amount, uses: amount }, { requiredKeys: [] })
const caps = fc.array(fc.record({ cid: key, limit }), { maxLength: 3 })

/** One call to one of the stores, with the oracle's verdict on its input. */
type Call = { readonly describe: string; readonly valid: boolean; readonly run: (store: StateStore) => Promise<unknown> }

/** Each case's reservation ids are its own (made when it runs), so that only the input decides the verdict, not a reservation of an earlier case. */
let serial = 0
const fresh = (id: unknown): unknown => (isKey(id) ? `${serial}:${String(id)}` : id)

const reserve = fc.record({ id: key, caps, bytes: amount, uses: amount, at: amount }).map((drawn): Call => {
  const cids = drawn.caps.map((cap) => cap.cid)
  const valid =
    isKey(drawn.id) &&
    [drawn.bytes, drawn.uses, drawn.at].every(isAmount) &&
    drawn.caps.every((cap) => isKey(cap.cid) && [cap.limit.bytes, cap.limit.uses].every((value) => value === undefined || isAmount(value))) &&
    new Set(cids).size === cids.length
  return {
    describe: `reserve ${JSON.stringify(drawn, jsonSafe)}`,
    valid,
    run: async (store) => {
      const request = { ...drawn, id: fresh(drawn.id) } as unknown as ReserveRequest
      const result = await store.ledger.reserve(request)
      // Given back at once: the totals stay at zero, so the verdict is the input's alone (the totals' own bound,
      // 2^53 − 1 on every dimension, is in the shared contract suite, packages/store/test/support/contract.ts).
      if (result.ok) await store.ledger.refund(request.id)
      return result
    },
  }
})

/** Open a valid reservation of `reserved` bytes, then commit it with `final`: valid when `final` is absent, or an amount within the reservation. */
const commit = fc.tuple(fc.nat({ max: 1000 }), fc.option(amount, { nil: undefined })).map(([reserved, final]): Call => {
  const caps: CapCharge[] = []
  const valid = final === undefined || (isAmount(final) && (final as number) <= reserved)
  return {
    describe: `commit ${String(final)} of ${reserved} reserved`,
    valid,
    run: async (store) => {
      const id = fresh('commit')
      expect(await store.ledger.reserve({ id: id as string, caps, bytes: reserved, uses: 1, at: 1 })).toEqual({ ok: true })
      try {
        return await store.ledger.commit(id as string, final as number | undefined)
      } finally {
        // A refused commit leaves the reservation open; settle it so the stores stay alike.
        await store.ledger.refund(id as string).catch(() => undefined)
      }
    },
  }
})

const revoke = fc.record({ cid: key, revoker: key, at: amount, invocation: key }).map(
  (record): Call => ({
    describe: `add ${JSON.stringify(record, jsonSafe)}`,
    valid: isKey(record.cid) && isKey(record.revoker) && isKey(record.invocation) && isAmount(record.at),
    run: (store) => store.revocations.add(record as unknown as RevocationRecord),
  }),
)

const claim = fc.tuple(key, amount, amount).map(
  ([cid, expiresAt, now]): Call => ({
    describe: `claim ${JSON.stringify([cid, expiresAt, now], jsonSafe)}`,
    valid: isKey(cid) && isAmount(expiresAt) && isAmount(now),
    run: (store) => store.replay.claim(cid as string, expiresAt as number, now as number),
  }),
)

const sweep = fc.tuple(amount, fc.option(amount, { nil: undefined })).map(
  ([now, margin]): Call => ({
    describe: `sweep ${String(now)} ${String(margin)}`,
    valid: isAmount(now) && (margin === undefined || isAmount(margin)),
    run: (store) => store.replay.sweep(now as number, margin as number | undefined),
  }),
)

/** JSON.stringify that shows what plain JSON would hide or throw on. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (value === undefined) return 'undefined'
  return value
}

/** The call's outcome: its value, or the code of the StoreError it threw (anything else fails the property). */
async function outcome(call: Call, store: StateStore): Promise<{ value?: unknown; code?: string }> {
  try {
    return { value: await call.run(store) }
  } catch (error) {
    if (!(error instanceof StoreError)) return expect.fail(`${call.describe} threw outside the store's errors: ${String(error)}`)
    return { code: error.code }
  }
}

describe('store input validation', () => {
  it('refuses exactly the malformed calls with StoreInputError, memory and SQLite alike', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(reserve, commit, revoke, claim, sweep), async (call) => {
        serial += 1
        const memory = await outcome(call, stores.memory)
        const sqlite = await outcome(call, stores.sqlite)
        expect(sqlite, call.describe).toEqual(memory)
        if (call.valid) expect(memory.code, call.describe).not.toBe('ERR_STORE_INPUT')
        else expect(memory.code, call.describe).toBe('ERR_STORE_INPUT')
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)
})
