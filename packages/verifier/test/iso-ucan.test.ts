/**
 * Interop with iso-ucan (hugomrdias/iso-repo, npm `iso-ucan` 0.5, a UCAN 1.0
 * implementation): chains it issues verify here, chains we issue verify there.
 *
 * Where the two disagree, the spec decides, and each case is pinned below:
 *
 * 1. Command attenuation. iso-ucan checks `next.cmd.startsWith(current.cmd)`,
 *    so `/storage` covers `/storagex`. The spec ("Segment Structure"):
 *    "`/crypto` MAY be used to prove `/crypto/sign` but MUST NOT prove
 *    `/stack/pop` or `/cryptocurrency`". We follow the spec: iso-ucan is wrong.
 * 2. Powerline command. With the spec's own powerline example (a device
 *    holding `{sub: null, cmd: "/"}` invoking `/msg/send` through its user's
 *    `/msg/send` delegation), iso-ucan denies ("/msg/send" does not start
 *    with "/" … the other way round) and we accept. We follow the example
 *    (see src/chain/command.ts).
 * 3. Invocation audience. iso-ucan accepts an invocation when the receiver
 *    is its `aud` OR its `sub`, even when `aud` names another executor. The
 *    invocation spec ("Audience"): `aud` is "the intended recipient", and
 *    only "otherwise the Audience MUST be assumed to be the Subject". We
 *    deny an invocation whose `aud` names someone else.
 * 4. Proof order. iso-ucan reads `prf` root first only (the current spec);
 *    we also accept leaf first (older implementations, go-ucan), and iso-ucan
 *    denies such an invocation. Both follow the current spec for root-first
 *    input; ours is the tolerant superset the vectors README asks for.
 * 5. Clock skew. iso-ucan applies none; we allow ±60 s as the spec
 *    recommends ("A buffer of ±60 seconds is RECOMMENDED").
 */
import type { DID as CapchainDID, Signer as CapchainSigner } from '@capchain/core/principal'
import { generateSigner } from '@capchain/core/principal'
import { createDelegation, createInvocation } from '@capchain/core/token'
import type { Delegation as CapchainDelegation } from '@capchain/core/token'
import { EdDSASigner } from 'iso-signatures/signers/eddsa.js'
import { verifier as eddsaVerifier } from 'iso-signatures/verifiers/eddsa.js'
import { Resolver as SignatureResolver } from 'iso-signatures/verifiers/resolver.js'
import { parse as parseDid } from 'iso-did'
import { Delegation } from 'iso-ucan/delegation'
import { Invocation } from 'iso-ucan/invocation'
import type { DID } from 'iso-ucan/types'
import type { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it } from 'vitest'
import { AudienceMismatchError, CommandEscalationError, createVerifier, PolicyViolationError } from '../src/index.js'
import { NOW } from './fixtures.js'
import { expectAccepted, expectDenied } from './helpers.js'


const verifierResolver = new SignatureResolver({ ...eddsaVerifier })

/** Policies of the three delegations, root first. */
const POLICIES = [
  [['==', '.bucket', 'photos']],
  [['<=', '.size', 1024]],
  [['like', '.path', '/photos/*'], ['all', '.tags', ['!=', '.', 'private']]],
]
const ARGS = { bucket: 'photos', size: 100, path: '/photos/cat.jpg', tags: ['cats', 'public'] }

/** iso-ucan verifying an invocation: resolves proofs from `store` and checks everything it checks. */
async function isoVerify(bytes: Uint8Array, store: Map<string, Uint8Array>, audience?: string): Promise<Invocation> {
  return Invocation.from({
    bytes,
    verifierResolver,
    now: NOW,
    ...(audience === undefined ? {} : { audience: parseDid(audience) as never }),
    resolveProof: async (cid) => {
      const proof = store.get(cid.toString())
      if (proof === undefined) throw new Error(`no proof ${cid}`)
      return Delegation.from({ bytes: proof, verifierResolver, now: NOW })
    },
  })
}

function storeOf(tokens: readonly { cid: CID; bytes: Uint8Array }[]): Map<string, Uint8Array> {
  return new Map(tokens.map((token) => [token.cid.toString(), token.bytes]))
}

describe('iso-ucan issues, capchain verifies', () => {
  let space: EdDSASigner
  let alice: EdDSASigner
  let bob: EdDSASigner
  let carol: EdDSASigner
  let service: EdDSASigner
  let chain: Delegation[]

  beforeAll(async () => {
    const generate = () => EdDSASigner.generate()
    ;[space, alice, bob, carol, service] = await Promise.all([generate(), generate(), generate(), generate(), generate()])
    const sub = space.did as DID
    const common = { sub, exp: NOW + 3600, now: NOW }
    chain = [
      await Delegation.create({ ...common, iss: space, aud: alice.did as DID, cmd: '/storage', pol: POLICIES[0] as never }),
      await Delegation.create({ ...common, iss: alice, aud: bob.did as DID, cmd: '/storage', pol: POLICIES[1] as never }),
      await Delegation.create({ ...common, iss: bob, aud: carol.did as DID, cmd: '/storage/write', pol: POLICIES[2] as never }),
    ]
  })

  async function isoInvocation(args: Record<string, unknown>, cmd = '/storage/write') {
    return Invocation.create({
      iss: carol,
      sub: space.did as DID,
      aud: service.did as DID,
      cmd,
      args: args as never,
      prf: chain,
      exp: NOW + 300,
      iat: NOW,
      now: NOW,
      verifierResolver,
    })
  }

  it('verifies a depth-3 chain with policies', async () => {
    const invocation = await isoInvocation(ARGS)
    const result = await createVerifier().verifyInvocation(invocation.bytes, {
      proofs: chain.map((d) => d.bytes),
      audience: service.did as DID,
      now: NOW,
    })
    const value = expectAccepted(result)
    expect(value.proofOrder).toBe('root-first')
    expect(value.subject).toBe(space.did)
    expect(value.chain.map(String)).toEqual([...chain.map((d) => d.cid), invocation.cid].map(String))
    // Both compute the same CIDs: iso-ucan re-encodes, we hash what we received; the encoding is canonical.
    expect(value.invocation.cid.toString()).toBe(invocation.cid.toString())
  })

  it('agrees on policy failures: iso-ucan refuses to issue what we would deny', async () => {
    // iso-ucan validates the chain when it creates an invocation, so it cannot
    // hand us one that breaks a policy; the other direction is tested below.
    await expect(isoInvocation({ ...ARGS, size: 4096 })).rejects.toThrow(/invalid arguments/)
    await expect(isoInvocation({ ...ARGS, tags: ['private'] })).rejects.toThrow(/invalid arguments/)
  })

  it('verifies the same chain through verifyDelegation', async () => {
    const value = expectAccepted(
      await createVerifier().verifyDelegation(
        chain.map((d) => d.bytes),
        { audience: carol.did as DID, now: NOW },
      ),
    )
    expect(value.command).toBe('/storage/write')
    expect(value.policies).toEqual(POLICIES)
  })
})

describe('capchain issues, iso-ucan verifies', () => {
  let space: CapchainSigner
  let alice: CapchainSigner
  let bob: CapchainSigner
  let carol: CapchainSigner
  let service: CapchainSigner
  let chain: CapchainDelegation[]

  beforeAll(async () => {
    const generate = () => generateSigner('Ed25519')
    ;[space, alice, bob, carol, service] = await Promise.all([generate(), generate(), generate(), generate(), generate()])
    const subject = space.did()
    const common = { subject, expiration: NOW + 3600 }
    chain = [
      await createDelegation({ ...common, issuer: space, audience: alice.did(), command: '/storage', policy: POLICIES[0] as never }),
      await createDelegation({ ...common, issuer: alice, audience: bob.did(), command: '/storage', policy: POLICIES[1] as never }),
      await createDelegation({ ...common, issuer: bob, audience: carol.did(), command: '/storage/write', policy: POLICIES[2] as never }),
    ]
  })

  function capchainInvocation(args: Record<string, unknown>, proofs = chain) {
    return createInvocation({
      issuer: carol,
      subject: space.did(),
      audience: service.did(),
      command: '/storage/write',
      args: args as never,
      proofs: proofs.map((d) => d.cid),
      expiration: NOW + 300,
      issuedAt: NOW,
    })
  }

  it('verifies a depth-3 chain with policies in iso-ucan and here', async () => {
    const invocation = await capchainInvocation(ARGS)
    const verified = await isoVerify(invocation.bytes, storeOf(chain), service.did())
    expect(verified.cid.toString()).toBe(invocation.cid.toString())
    expect(verified.delegations.map((d) => d.cid.toString())).toEqual(chain.map((d) => d.cid.toString()))
    expectAccepted(await createVerifier().verifyInvocation(invocation.bytes, { proofs: chain.map((d) => d.bytes), now: NOW }))
  })

  it('is denied by both when a policy fails', async () => {
    const invocation = await capchainInvocation({ ...ARGS, tags: ['cats', 'private'] })
    await expect(isoVerify(invocation.bytes, storeOf(chain))).rejects.toThrow(/invalid arguments/)
    expectDenied(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs: chain.map((d) => d.bytes), now: NOW }),
      PolicyViolationError,
      'prf[2]',
    )
  })
})

describe('where iso-ucan and capchain disagree (the spec decides; see the header)', () => {
  let space: CapchainSigner
  let alice: CapchainSigner
  let service: CapchainSigner

  beforeAll(async () => {
    const generate = () => generateSigner('Ed25519')
    ;[space, alice, service] = await Promise.all([generate(), generate(), generate()])
  })

  async function rooted(command: string) {
    return createDelegation({ issuer: space, audience: alice.did(), subject: space.did(), command, expiration: NOW + 3600 })
  }

  function invokeWith(proofs: readonly CapchainDelegation[], command: string, audience?: CapchainDID) {
    return createInvocation({
      issuer: alice,
      subject: space.did(),
      ...(audience === undefined ? {} : { audience }),
      command,
      args: {},
      proofs: proofs.map((d) => d.cid),
      expiration: NOW + 300,
      issuedAt: NOW,
    })
  }

  it('1. /storage does not prove /storagex (iso-ucan accepts it)', async () => {
    const root = await rooted('/storage')
    const invocation = await invokeWith([root], '/storagex')
    await expect(isoVerify(invocation.bytes, storeOf([root]))).resolves.toBeInstanceOf(Invocation)
    expectDenied(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }),
      CommandEscalationError,
      'invocation',
    )
  })

  it('2. a powerline with cmd "/" passes on the narrower command before it (iso-ucan denies)', async () => {
    const device = await generateSigner('Ed25519')
    const root = await rooted('/msg/send')
    const powerline = await createDelegation({
      issuer: alice,
      audience: device.did(),
      subject: null,
      command: '/',
      expiration: NOW + 3600,
    })
    const invocation = await createInvocation({
      issuer: device,
      subject: space.did(),
      command: '/msg/send',
      args: {},
      proofs: [root.cid, powerline.cid],
      expiration: NOW + 300,
    })
    await expect(isoVerify(invocation.bytes, storeOf([root, powerline]))).rejects.toThrow(/command mismatch/)
    expectAccepted(await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes, powerline.bytes], now: NOW }))
  })

  it("3. an aud naming another executor is denied even when the service is the subject (iso-ucan accepts)", async () => {
    const root = await rooted('/storage')
    const invocation = await invokeWith([root], '/storage', service.did())
    // The verifying party here is the subject itself, but the invocation is addressed to `service`.
    await expect(isoVerify(invocation.bytes, storeOf([root]), space.did())).resolves.toBeInstanceOf(Invocation)
    expectDenied(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW, audience: space.did() }),
      AudienceMismatchError,
      'invocation',
    )
  })

  it('4. prf listed leaf first is accepted here, denied by iso-ucan', async () => {
    const root = await rooted('/storage')
    const mid = await createDelegation({
      issuer: alice,
      audience: service.did(),
      subject: space.did(),
      command: '/storage',
      expiration: NOW + 3600,
    })
    const invocation = await createInvocation({
      issuer: service,
      subject: space.did(),
      command: '/storage',
      args: {},
      proofs: [mid.cid, root.cid],
      expiration: NOW + 300,
    })
    await expect(isoVerify(invocation.bytes, storeOf([root, mid]))).rejects.toThrow(/root proof is not self-signed/)
    const value = expectAccepted(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes, mid.bytes], now: NOW }),
    )
    expect(value.proofOrder).toBe('leaf-first')
  })

  it('5. a link expired less than 60 s ago is within our clock-skew allowance (iso-ucan has none)', async () => {
    const root = await createDelegation({
      issuer: space,
      audience: alice.did(),
      subject: space.did(),
      command: '/storage',
      expiration: NOW - 30,
    })
    const invocation = await invokeWith([root], '/storage')
    await expect(isoVerify(invocation.bytes, storeOf([root]))).rejects.toThrow(/expiration/)
    expectAccepted(await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }))
  })
})
