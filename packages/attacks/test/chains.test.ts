/**
 * Attacks on the shape of a chain: proofs that are not what their CID names,
 * loops and repeats, subjects and commands that drift, policies a child tries
 * to drop, tokens sent to the wrong service or at the wrong time.
 */
import { encodeContainer } from '@capchain/core/container'
import {
  AudienceMismatchError,
  ChainTooLongError,
  CidMismatchError,
  CommandEscalationError,
  createVerifier,
  DuplicateProofError,
  ExpiredError,
  MAX_CHAIN_LENGTH,
  NotYetValidError,
  PolicyViolationError,
  PowerlineAtRootError,
  PrincipalMisalignedError,
  RootNotSubjectError,
  SubjectMismatchError,
  UnavailableProofError,
} from '@capchain/verifier'
import type { VerifyInvocationOptions } from '@capchain/verifier'
import { beforeAll, describe, expect, it } from 'vitest'
import { accepted, countingVerifier, delegate, denied, honestChain, invoke, longChain, NOW, principals } from './support/index.js'
import type { Principals } from './support/index.js'

let p: Principals

beforeAll(async () => {
  p = await principals()
})

function verify(bytes: Uint8Array, options: VerifyInvocationOptions = {}) {
  return createVerifier().verifyInvocation(bytes, { now: NOW, audience: p.service.did(), ...options })
}

describe('proofs that are not what their CID names', () => {
  it('does not take another token in the container for a prf CID (UnavailableProofError)', async () => {
    const { root, mid, invocation } = await honestChain(p)
    // Mallory's own "space → alice" look-alike, signed by her, travels instead of the real root.
    const lookalike = await delegate(p.mallory, p.alice, p.mallory.did())
    const container = encodeContainer([lookalike.bytes, mid.bytes])
    const error = denied(await verify(invocation.bytes, { proofs: container }), UnavailableProofError, 'ERR_PROOF_UNAVAILABLE')
    expect(error).toMatchObject({ at: 'prf[0]', cid: root.cid.toString() })
  })

  it('refuses bytes from resolve that hash to another CID than the one asked for (CidMismatchError)', async () => {
    const { root, mid, invocation } = await honestChain(p)
    const lookalike = await delegate(p.mallory, p.alice, p.mallory.did())
    const resolve = async () => lookalike.bytes
    const error = denied(await verify(invocation.bytes, { proofs: [mid.bytes], resolve }), CidMismatchError, 'ERR_CID_MISMATCH')
    expect(error).toMatchObject({ at: 'prf[0]', claimed: root.cid.toString(), computed: lookalike.cid.toString() })
    // A decoded token handed in with the root's CID and other bytes is refused the same way.
    const dressed = { ...lookalike, cid: root.cid }
    denied(await verify(invocation.bytes, { proofs: [dressed, mid.bytes] }), CidMismatchError, 'ERR_CID_MISMATCH')
  })
})

describe('loops and repeats', () => {
  it('denies a proof cycle A → B → A that lists a link twice (DuplicateProofError)', async () => {
    const root = await delegate(p.space, p.alice, p.space.did())
    const toBob = await delegate(p.alice, p.bob, p.space.did())
    const backToAlice = await delegate(p.bob, p.alice, p.space.did())
    // alice → bob → alice → bob: the loop reuses alice's link to bob.
    const invocation = await invoke(p.bob, { subject: p.space.did(), audience: p.service.did(), proofs: [root, toBob, backToAlice, toBob] })
    const { verifier, calls } = countingVerifier()
    const proofs = [root.bytes, toBob.bytes, backToAlice.bytes]
    const error = denied(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }), DuplicateProofError, 'ERR_PROOF_DUPLICATE')
    expect(error.at).toBe('prf[3]')
    expect(calls()).toBe(0)
  })

  it('denies a loop of two principals delegating to each other with no root from the subject (RootNotSubjectError)', async () => {
    // alice and bob vouch for each other about the space; the space never signed anything.
    const aliceToBob = await delegate(p.alice, p.bob, p.space.did())
    const bobToAlice = await delegate(p.bob, p.alice, p.space.did())
    const invocation = await invoke(p.alice, { subject: p.space.did(), audience: p.service.did(), proofs: [aliceToBob, bobToAlice] })
    denied(await verify(invocation.bytes, { proofs: [aliceToBob.bytes, bobToAlice.bytes] }), RootNotSubjectError, 'ERR_ROOT_NOT_SUBJECT')
  })

  it('denies a proof listed twice in prf (DuplicateProofError)', async () => {
    const { root, mid, proofs } = await honestChain(p)
    const invocation = await invoke(p.bob, { subject: p.space.did(), audience: p.service.did(), proofs: [root, mid, mid] })
    expect(denied(await verify(invocation.bytes, { proofs }), DuplicateProofError, 'ERR_PROOF_DUPLICATE').at).toBe('prf[2]')
  })

  it(`denies a chain of ${MAX_CHAIN_LENGTH + 1} links (ChainTooLongError)`, async () => {
    const { delegations, holder } = await longChain(p.space, MAX_CHAIN_LENGTH + 1)
    const invocation = await invoke(holder, { subject: p.space.did(), audience: p.service.did(), command: '/storage', proofs: delegations })
    const error = denied(await verify(invocation.bytes, { proofs: delegations.map((d) => d.bytes) }), ChainTooLongError, 'ERR_CHAIN_TOO_LONG')
    expect(error.at).toBe('invocation')
  })
})

describe('subject and principals', () => {
  it('denies a chain whose sub is swapped mid-chain (SubjectMismatchError)', async () => {
    // alice holds the space's grant and re-delegates it as if it were about mallory's space.
    const root = await delegate(p.space, p.alice, p.space.did())
    const swapped = await delegate(p.alice, p.bob, p.mallory.did())
    for (const subject of [p.mallory.did(), p.space.did()]) {
      const invocation = await invoke(p.bob, { subject, audience: p.service.did(), proofs: [root, swapped] })
      const error = denied(await verify(invocation.bytes, { proofs: [root.bytes, swapped.bytes] }), SubjectMismatchError, 'ERR_SUBJECT_MISMATCH')
      expect(error.at).toBe('prf[1]')
    }
  })

  it('denies a powerline (sub: null) at the root (PowerlineAtRootError)', async () => {
    // Mallory issues a powerline to herself and invokes on the space's behalf.
    const powerline = await delegate(p.mallory, p.mallory, null)
    const invocation = await invoke(p.mallory, { subject: p.space.did(), audience: p.service.did(), proofs: [powerline] })
    expect(denied(await verify(invocation.bytes, { proofs: [powerline.bytes] }), PowerlineAtRootError, 'ERR_POWERLINE_ROOT').at).toBe('prf[0]')
  })

  it('denies observed proofs reused by another invoker (PrincipalMisalignedError)', async () => {
    const { root, mid, proofs } = await honestChain(p)
    const stolen = await invoke(p.mallory, { subject: p.space.did(), audience: p.service.did(), proofs: [root, mid] })
    expect(denied(await verify(stolen.bytes, { proofs }), PrincipalMisalignedError, 'ERR_PRINCIPAL_MISALIGNED').at).toBe('invocation')
  })

  it('denies an invocation whose aud is another service, or absent (AudienceMismatchError)', async () => {
    const { root, mid, proofs } = await honestChain(p)
    const elsewhere = await invoke(p.bob, { subject: p.space.did(), audience: p.carol.did(), proofs: [root, mid] })
    denied(await verify(elsewhere.bytes, { proofs }), AudienceMismatchError, 'ERR_AUDIENCE_MISMATCH')
    // Without aud, the audience is the subject: still not this service.
    const unaddressed = await invoke(p.bob, { subject: p.space.did(), proofs: [root, mid] })
    denied(await verify(unaddressed.bytes, { proofs }), AudienceMismatchError, 'ERR_AUDIENCE_MISMATCH')
  })
})

describe('commands and policies', () => {
  it('denies the command-prefix escape /storage → /storagex (CommandEscalationError)', async () => {
    const root = await delegate(p.space, p.alice, p.space.did(), { command: '/storage' })
    const invocation = await invoke(p.alice, { subject: p.space.did(), audience: p.service.did(), command: '/storagex', proofs: [root] })
    denied(await verify(invocation.bytes, { proofs: [root.bytes] }), CommandEscalationError, 'ERR_COMMAND_ESCALATION')
    // Re-delegated as /storagex/write.
    const relay = await delegate(p.alice, p.bob, p.space.did(), { command: '/storagex/write' })
    const viaRelay = await invoke(p.bob, { subject: p.space.did(), audience: p.service.did(), command: '/storagex/write', proofs: [root, relay] })
    expect(denied(await verify(viaRelay.bytes, { proofs: [root.bytes, relay.bytes] }), CommandEscalationError, 'ERR_COMMAND_ESCALATION').at).toBe('prf[1]')
  })

  it('keeps the parent’s policy when a middle link widens it (PolicyViolationError at the parent)', async () => {
    const root = await delegate(p.space, p.alice, p.space.did(), { policy: [['<=', '.size', 1024]] })
    // alice "widens" the limit and even drops every constraint in a second link.
    const widened = await delegate(p.alice, p.bob, p.space.did(), { policy: [['<=', '.size', 1_000_000_000]] })
    const dropped = await delegate(p.bob, p.carol, p.space.did(), { policy: [] })
    const invocation = await invoke(p.carol, { subject: p.space.did(), audience: p.service.did(), args: { size: 5000 }, proofs: [root, widened, dropped] })
    const error = denied(await verify(invocation.bytes, { proofs: [root.bytes, widened.bytes, dropped.bytes] }), PolicyViolationError, 'ERR_POLICY_VIOLATION')
    expect(error.at).toBe('prf[0]')
  })
})

describe('time', () => {
  it('accepts exactly up to the skew edges and denies one second past them (ExpiredError, NotYetValidError)', async () => {
    const exp = NOW + 1000
    const nbf = NOW + 2000
    const expiring = await delegate(p.space, p.alice, p.space.did(), { expiration: exp })
    const early = await delegate(p.space, p.alice, p.space.did(), { notBefore: nbf, expiration: nbf + 3600 })
    const use = async (root: typeof expiring, now: number) => {
      const invocation = await invoke(p.alice, { subject: p.space.did(), audience: p.service.did(), command: '/storage', expiration: null, proofs: [root] })
      return verify(invocation.bytes, { proofs: [root.bytes], now })
    }
    accepted(await use(expiring, exp + 60))
    expect(denied(await use(expiring, exp + 61), ExpiredError, 'ERR_EXPIRED').at).toBe('prf[0]')
    accepted(await use(early, nbf - 60))
    expect(denied(await use(early, nbf - 61), NotYetValidError, 'ERR_NOT_YET_VALID').at).toBe('prf[0]')
    // The invocation's own exp, at the same edges.
    const root = await delegate(p.space, p.alice, p.space.did(), { expiration: null })
    const invocation = await invoke(p.alice, { subject: p.space.did(), audience: p.service.did(), command: '/storage', expiration: exp, proofs: [root] })
    accepted(await verify(invocation.bytes, { proofs: [root.bytes], now: exp + 60 }))
    expect(denied(await verify(invocation.bytes, { proofs: [root.bytes], now: exp + 61 }), ExpiredError, 'ERR_EXPIRED').at).toBe('invocation')
  })
})
