/**
 * `admitInvocationIn` over a store without `admitInvocation` (the memory
 * store with its batch taken away): the same answers, in the same order,
 * from the three calls composed.
 */
import { describe, expect, it } from 'vitest'
import { admitInvocationIn, createMemoryStore, StoreInputError } from '../src/index.js'
import type { AdmitRequest, CapCharge, StateStore } from '../src/index.js'

const cap: CapCharge = { cid: 'bafy-child', limit: { bytes: 10 } }
const request = (id: string, bytes: number): AdmitRequest => ({
  revocations: [
    { cid: 'bafy-root', revokers: ['did:key:alice'] },
    { cid: 'bafy-child', revokers: ['did:key:alice', 'did:key:bob'] },
  ],
  replay: { cid: id, expiresAt: 200, now: 100 },
  reservation: { id, caps: [cap], bytes, uses: 1, at: 100 },
})

function withoutBatch(): StateStore {
  const { ledger, revocations, replay, close } = createMemoryStore()
  return { ledger, revocations, replay, close }
}

describe('admitInvocationIn without the batch', () => {
  it('claims and reserves, then refuses the replay', async () => {
    const store = withoutBatch()
    expect(await admitInvocationIn(store, request('inv-1', 4))).toEqual({ ok: true })
    expect((await store.ledger.usage([cap.cid])).get(cap.cid)).toEqual({ bytes: 4, uses: 1 })
    expect(await admitInvocationIn(store, request('inv-1', 4))).toEqual({ ok: false, refused: 'replayed' })
  })

  it('names the first revoked link in scope, ignoring a revoker out of scope', async () => {
    const store = withoutBatch()
    await store.revocations.add({ cid: 'bafy-root', revoker: 'did:key:bob', at: 1, invocation: 'bafy-r1' })
    expect(await admitInvocationIn(store, request('inv-1', 1))).toEqual({ ok: true })
    await store.revocations.add({ cid: 'bafy-child', revoker: 'did:key:bob', at: 1, invocation: 'bafy-r2' })
    expect(await admitInvocationIn(store, request('inv-2', 1))).toEqual({ ok: false, refused: 'revoked', link: 1 })
  })

  it('reports an exhausted cap as reserve does, the invocation claimed', async () => {
    const store = withoutBatch()
    expect(await admitInvocationIn(store, request('inv-1', 11))).toEqual({
      ok: false,
      refused: 'exhausted',
      exhausted: { cid: 'bafy-child', dimension: 'bytes', limit: 10, used: 0, requested: 11 },
    })
    expect(await store.replay.claim('inv-1', 200, 100)).toBe(false)
  })

  it('refuses a malformed request before any call', async () => {
    const store = withoutBatch()
    await expect(admitInvocationIn(store, { ...request('inv-1', 1), revocations: [{ cid: 'bafy-root', revokers: [''] }] })).rejects.toBeInstanceOf(
      StoreInputError,
    )
    expect(await store.replay.claim('inv-1', 200, 100)).toBe(true)
  })

  it('uses the store’s own batch when it has one, with the same outcome', async () => {
    const inner = createMemoryStore()
    const batches: AdmitRequest[] = []
    const store: StateStore = {
      ...inner,
      admitInvocation: (admitted) => {
        batches.push(admitted)
        return inner.admitInvocation!(admitted)
      },
    }
    expect(await admitInvocationIn(store, request('inv-1', 11))).toMatchObject({ ok: false, refused: 'exhausted' })
    expect(batches).toHaveLength(1)
    expect(await store.replay.claim('inv-1', 200, 100)).toBe(false)
  })
})
