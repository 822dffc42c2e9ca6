/**
 * `admitInvocation`, part of the StateStore contract (`describeStateStore`
 * declares these for every store): the revocation check, replay claim and
 * reservation in one atomic step, all applied or none, under concurrency too.
 */
import { expect, it } from 'vitest'
import { DEFAULT_REPLAY_MARGIN, DuplicateReservationError, ReusedReservationError, StoreInputError } from '../../src/index.js'
import type { AdmitRequest, AdmitResult, CapCharge, ReserveRequest, StateStore } from '../../src/index.js'

const ALICE = 'did:key:alice'
const BOB = 'did:key:bob'
const MALLORY = 'did:key:mallory'

/** A chain root → child → invocation, as the guard scopes it: the subject revokes anything, each issuer what is below it. */
const CHAIN = [
  { cid: 'bafy-root', revokers: [ALICE] },
  { cid: 'bafy-child', revokers: [ALICE, BOB] },
  { cid: 'bafy-inv', revokers: [ALICE] },
] as const

/** Declare the admission tests against the store `current` returns (the contract's fresh store of the test). */
export function describeAdmission(current: () => StateStore): void {
  const cap: CapCharge = { cid: 'bafy-child', limit: { bytes: 100, uses: 3 } }
  const reservation = (id: string, bytes = 10, caps: readonly CapCharge[] = [cap], more: Partial<ReserveRequest> = {}): ReserveRequest => ({
    id,
    caps,
    bytes,
    uses: 1,
    at: 1,
    ...more,
  })
  // `null`: a chain without caps, so no reservation.
  const request = (id: string, reserved: ReserveRequest | null = reservation(id)): AdmitRequest => ({
    revocations: CHAIN,
    replay: { cid: id, expiresAt: 200, now: 100 },
    ...(reserved === null ? {} : { reservation: reserved }),
  })
  const admit = (admitted: AdmitRequest): Promise<AdmitResult> => {
    const store = current()
    if (store.admitInvocation === undefined) throw new Error('the store has no admitInvocation')
    return store.admitInvocation(admitted)
  }
  const usage = async () => (await current().ledger.usage([cap.cid])).get(cap.cid)
  const revoke = (cid: string, revoker: string) => current().revocations.add({ cid, revoker, at: 50, invocation: 'bafy-revoke' })
  // Nothing was written: the invocation can still be claimed and its id reserved.
  const expectUntouched = async (id: string) => {
    expect(await usage()).toEqual({ bytes: 0, uses: 0 })
    expect(await current().replay.claim(id, 200, 100)).toBe(true)
  }

  it('admits: claims the invocation once and reserves on every cap, settled as any reservation', async () => {
    expect(await admit(request('inv-1'))).toEqual({ ok: true })
    expect(await usage()).toEqual({ bytes: 10, uses: 1 })
    expect(await current().replay.claim('inv-1', 200, 150)).toBe(false)
    await current().ledger.commit('inv-1', 4)
    expect(await usage()).toEqual({ bytes: 4, uses: 1 })
  })

  it('admits a chain without caps with the claim alone', async () => {
    expect(await admit(request('inv-1', null))).toEqual({ ok: true })
    expect(await admit(request('inv-1', null))).toEqual({ ok: false, refused: 'replayed' })
    expect(await usage()).toEqual({ bytes: 0, uses: 0 })
  })

  it('refuses a revoked chain, naming the first revoked link in chain order, and writes nothing', async () => {
    await revoke('bafy-inv', ALICE)
    await revoke('bafy-child', BOB)
    expect(await admit(request('inv-1'))).toEqual({ ok: false, refused: 'revoked', link: 1 })
    await expectUntouched('inv-1')
  })

  it('ignores a revocation by a principal outside the link’s scope (the near miss: in scope)', async () => {
    await revoke('bafy-child', MALLORY)
    await revoke('bafy-root', BOB)
    expect(await admit(request('inv-1'))).toEqual({ ok: true })
    await revoke('bafy-root', ALICE)
    expect(await admit(request('inv-2'))).toEqual({ ok: false, refused: 'revoked', link: 0 })
  })

  it('refuses a replayed invocation, reserving nothing', async () => {
    expect(await current().replay.claim('inv-1', 200, 90)).toBe(true)
    expect(await admit(request('inv-1'))).toEqual({ ok: false, refused: 'replayed' })
    expect(await usage()).toEqual({ bytes: 0, uses: 0 })
    // A record a sweep could delete is taken over, as claim does.
    const late = { ...request('inv-1'), replay: { cid: 'inv-1', expiresAt: 900, now: 201 + DEFAULT_REPLAY_MARGIN } }
    expect(await admit(late)).toEqual({ ok: true })
  })

  it('refuses an exhausted cap as reserve does, reserving nothing and keeping the claim (an invocation is decided once)', async () => {
    expect(await admit(request('inv-1', reservation('inv-1', 100)))).toEqual({ ok: true })
    expect(await admit(request('inv-2', reservation('inv-2', 1)))).toEqual({
      ok: false,
      refused: 'exhausted',
      exhausted: { cid: 'bafy-child', dimension: 'bytes', limit: 100, used: 100, requested: 1 },
    })
    expect(await usage()).toEqual({ bytes: 100, uses: 1 })
    expect(await current().replay.claim('inv-2', 200, 100)).toBe(false)
  })

  it('refuses an exhausted periodic amount with its window, and admits in the next window', async () => {
    const daily: CapCharge = { cid: 'bafy-daily', limit: { period: 86_400, amounts: { wei: 5n } } }
    const spend = (id: string, at: number) => ({
      revocations: CHAIN,
      replay: { cid: id, expiresAt: at + 100, now: at },
      reservation: reservation(id, 0, [daily], { at, amounts: { wei: 3n } }),
    })
    expect(await admit(spend('inv-1', 86_400))).toEqual({ ok: true })
    expect(await admit(spend('inv-2', 86_401))).toEqual({
      ok: false,
      refused: 'exhausted',
      exhausted: { cid: 'bafy-daily', dimension: 'amount', name: 'wei', limit: 5n, used: 3n, requested: 3n, resetsAt: 172_800 },
    })
    expect(await admit(spend('inv-2', 172_800))).toEqual({ ok: true })
  })

  it.each([
    ['an open reservation', 'open', DuplicateReservationError],
    ['a settled reservation', 'settled', ReusedReservationError],
  ] as const)('throws on an id naming %s, leaving no claim', async (_what, state, error) => {
    expect(await current().ledger.reserve(reservation('inv-1', 0))).toEqual({ ok: true })
    if (state === 'settled') await current().ledger.refund('inv-1')
    await expect(admit(request('inv-1', reservation('inv-1', 0)))).rejects.toBeInstanceOf(error)
    expect(await current().replay.claim('inv-1', 200, 100)).toBe(true)
  })

  it.each([
    ['an empty revoker', { revocations: [{ cid: 'bafy-root', revokers: [''] }] }],
    ['an empty link cid', { revocations: [{ cid: '', revokers: [ALICE] }] }],
    ['a fractional expiry', { replay: { cid: 'inv-1', expiresAt: 1.5, now: 1 } }],
    ['a bad reservation', { reservation: reservation('inv-1', -1) }],
  ])('refuses %s, writing nothing', async (_what, override) => {
    await expect(admit({ ...request('inv-1'), ...override })).rejects.toBeInstanceOf(StoreInputError)
    await expectUntouched('inv-1')
  })

  it('admits exactly the cap from 50 concurrent requests: never over-spent, each refused invocation claimed', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => admit(request(`inv-${i}`, reservation(`inv-${i}`, 7)))))
    const admitted = results.flatMap((result, i) => (result.ok ? [`inv-${i}`] : []))
    expect(admitted).toHaveLength(3)
    for (const result of results.filter((result) => !result.ok)) expect(result).toMatchObject({ ok: false, refused: 'exhausted' })
    expect(await usage()).toEqual({ bytes: 21, uses: 3 })
    const refused = results.findIndex((result) => !result.ok)
    expect(await current().replay.claim(`inv-${refused}`, 200, 100)).toBe(false)
  })

  it('claims the same invocation sent 20 times at once exactly once, and reserves once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => admit(request('inv-1', reservation('inv-1', 0)))))
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    expect(results.filter((result) => !result.ok).every((result) => !result.ok && result.refused === 'replayed')).toBe(true)
    expect(await usage()).toEqual({ bytes: 0, uses: 1 })
  })
}
