/**
 * The per-token cache: signature results keyed by the CID of the bytes
 * received, bounded; time, revocation and policy evaluation never cached.
 */
import { verifyEnvelopeSignature } from '@capchain/core/envelope'
import type { Verifier } from '@capchain/core/principal'
import type { Envelope } from '@capchain/core/token'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  CidMismatchError,
  createVerifier,
  ExpiredError,
  InvalidOptionsError,
  PolicyViolationError,
  RevokedError,
  SignatureMismatchError,
} from '../src/index.js'
import { invoke, NOW, principals, standardChain } from './fixtures.js'
import type { Principals } from './fixtures.js'
import { expectAccepted, expectDenied } from './helpers.js'

let p: Principals

beforeAll(async () => {
  p = await principals()
})

function counting() {
  const calls = vi.fn((envelope: Envelope, verifier: Verifier) => verifyEnvelopeSignature(envelope, verifier))
  return { calls, verifier: createVerifier({ verifySignature: calls }) }
}

describe('signature cache', () => {
  it('verifies only the new invocation when the proofs were seen before', async () => {
    const { root, mid, invocation, proofs } = await standardChain(p)
    const { calls, verifier } = counting()
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }))
    expect(calls).toHaveBeenCalledTimes(3)

    calls.mockClear()
    const second = await invoke(p.bob, { subject: p.space.did(), proofs: [root, mid], args: { size: 7 } })
    expectAccepted(await verifier.verifyInvocation(second.bytes, { proofs, now: NOW }))
    expect(calls).toHaveBeenCalledTimes(1)
    expect(calls.mock.calls[0]![0].cid.toString()).toBe(second.cid.toString())
    // Only the proofs are remembered; invocations are used once.
    expect(verifier.cacheSize).toBe(2)
  })

  it('holds no more token bytes than cacheBytes: a chain larger than the bound is checked again', async () => {
    const { root, mid, invocation, proofs } = await standardChain(p)
    const calls = vi.fn((envelope: Envelope, verifier: Verifier) => verifyEnvelopeSignature(envelope, verifier))
    const verifier = createVerifier({ verifySignature: calls, cacheBytes: Math.min(root.bytes.length, mid.bytes.length) })
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }))
    calls.mockClear()
    const second = await invoke(p.bob, { subject: p.space.did(), proofs: [root, mid], args: { size: 7 } })
    expectAccepted(await verifier.verifyInvocation(second.bytes, { proofs, now: NOW }))
    expect(calls.mock.calls.length).toBeGreaterThan(1)
    expect(() => createVerifier({ cacheBytes: 0 })).toThrow(InvalidOptionsError)
  })

  it('never serves a token whose bytes differ from a cached one', async () => {
    const { root, mid, invocation, proofs } = await standardChain(p)
    const { calls, verifier } = counting()
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }))

    // Same payload, one signature byte changed: it decodes, but it is another token with another CID.
    const tampered = mid.bytes.slice()
    tampered[10] = tampered[10]! ^ 0x01
    const tamperedCid = CID.createV1(0x71, await sha256.digest(tampered))
    const relying = await invoke(p.bob, { subject: p.space.did(), proofs: [root, { cid: tamperedCid }] })
    calls.mockClear()
    expectDenied(
      await verifier.verifyInvocation(relying.bytes, { proofs: [root.bytes, tampered], now: NOW }),
      SignatureMismatchError,
      'prf[1]',
    )
    const checked = calls.mock.calls.map(([envelope]) => envelope.cid.toString())
    expect(checked).toContain(tamperedCid.toString())
    expect(checked).not.toContain(root.cid.toString())

    // Nor a decoded token that claims a cached CID its bytes do not hash to.
    calls.mockClear()
    const impostor = { ...mid, cid: root.cid }
    expectDenied(await verifier.verifyInvocation(invocation, { proofs: [impostor, mid], now: NOW }), CidMismatchError)
    expect(calls).not.toHaveBeenCalled()
  })

  it('caches failures too: a bad signature is not checked twice', async () => {
    const { root, mid } = await standardChain(p)
    const tampered = mid.bytes.slice()
    tampered[10] = tampered[10]! ^ 0x01
    const tamperedCid = CID.createV1(0x71, await sha256.digest(tampered))
    const { calls, verifier } = counting()
    for (const args of [{ size: 1 }, { size: 2 }]) {
      const relying = await invoke(p.bob, { subject: p.space.did(), proofs: [root, { cid: tamperedCid }], args })
      expectDenied(await verifier.verifyInvocation(relying.bytes, { proofs: [root.bytes, tampered], now: NOW }), SignatureMismatchError)
    }
    expect(calls.mock.calls.filter(([envelope]) => envelope.cid.equals(tamperedCid))).toHaveLength(1)
  })

  it('never caches time, revocation or policy evaluation', async () => {
    const { root, mid, invocation, proofs } = await standardChain(p)
    const verifier = createVerifier()
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }))
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW + 10_000 }), ExpiredError)
    const isRevoked = async () => new Set([root.cid.toString()])
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW, isRevoked }), RevokedError)
    const large = await invoke(p.bob, { subject: p.space.did(), proofs: [root, mid], args: { size: 4096 } })
    expectDenied(await verifier.verifyInvocation(large.bytes, { proofs, now: NOW }), PolicyViolationError)
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }))
  })

  it('is bounded, and can be cleared', async () => {
    const { invocation, proofs } = await standardChain(p)
    const { calls, verifier } = (() => {
      const spy = vi.fn((envelope: Envelope, key: Verifier) => verifyEnvelopeSignature(envelope, key))
      return { calls: spy, verifier: createVerifier({ cacheSize: 1, verifySignature: spy }) }
    })()
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }))
    expect(verifier.cacheSize).toBeLessThanOrEqual(1)
    verifier.clearCache()
    expect(verifier.cacheSize).toBe(0)
    calls.mockClear()
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }))
    expect(calls).toHaveBeenCalledTimes(3)
  })
})

describe('tokens handed in decoded', () => {
  it("never let an edited payload answer for the CID in later verifications (no cache poisoning)", async () => {
    const { root, mid } = await standardChain(p)
    const verifier = createVerifier()
    const big = await invoke(p.bob, { subject: p.space.did(), audience: p.service.did(), proofs: [root, mid], args: { size: 4096 } })
    // The caller edits the decoded delegation: the size ceiling is gone, bytes and CID unchanged.
    const edited = { ...mid, payload: { ...mid.payload, pol: [] } }
    expectAccepted(await verifier.verifyInvocation(big.bytes, { proofs: [root, edited], now: NOW }))
    // The same CID from its bytes must be judged on what its bytes say.
    expectDenied(await verifier.verifyInvocation(big.bytes, { proofs: [root.bytes, mid.bytes], now: NOW }), PolicyViolationError, 'prf[1]')
  })

  it('never cache a signature verdict reached on a decoded token', async () => {
    const { root, mid, invocation } = await standardChain(p)
    const { calls, verifier } = counting()
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root, mid], now: NOW }))
    calls.mockClear()
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes, mid.bytes], now: NOW }))
    expect(calls).toHaveBeenCalledTimes(3)
  })
})
