/**
 * A cap must bind on verifiers that do not know it: they deny. Checked with
 * our own chain verifier used without the storage layer (no caveat hook) and
 * with iso-ucan, an independent UCAN 1.0 implementation. The uncapped twin
 * of each chain is accepted by both, so the denial is the cap's doing.
 */
import type { Delegation } from '@capchain/core/token'
import { createVerifier, PolicyViolationError } from '@capchain/verifier'
import type { InvocationVerification } from '@capchain/verifier'
import { parse as parseDid } from 'iso-did'
import { verifier as eddsaVerifier } from 'iso-signatures/verifiers/eddsa.js'
import { Resolver as SignatureResolver } from 'iso-signatures/verifiers/resolver.js'
import { Delegation as IsoDelegation } from 'iso-ucan/delegation'
import { Invocation as IsoInvocation } from 'iso-ucan/invocation'
import { beforeAll, describe, expect, it } from 'vitest'
import { CAP_MARKER } from '../src/index.js'
import { accepted, authorize, DAY, grant, invoke, makeWorld, memoryStore } from './fixtures.js'
import type { World } from './fixtures.js'

const verifierResolver = new SignatureResolver({ ...eddsaVerifier })
// iso-ucan checks some expirations against the wall clock, so this file runs at the real time.
const NOW = Math.floor(Date.now() / 1000)

let world: World
let capped: readonly Delegation[]
let uncapped: readonly Delegation[]

beforeAll(async () => {
  world = await makeWorld()
  const make = (cap?: { bytes: number; uses: number }) =>
    grant({
      issuer: world.user,
      audience: world.agent.did(),
      ops: ['read'],
      path: '/photos',
      expiration: NOW + DAY,
      ...(cap === undefined ? {} : { cap }),
    })
  capped = (await make({ bytes: 1_000_000_000, uses: 500 })).chains.read!
  uncapped = (await make()).chains.read!
})

const read = (chain: readonly Delegation[]) =>
  invoke({ issuer: world.agent, service: world.service.did(), op: 'read', path: '/photos/cat.jpg', size: 10, chain, expiration: NOW + 300 })

function plainVerify(bytes: Uint8Array, chain: readonly Delegation[]): Promise<InvocationVerification> {
  return createVerifier().verifyInvocation(bytes, { proofs: chain.map((d) => d.bytes), audience: world.service.did(), now: NOW })
}

function isoVerify(bytes: Uint8Array, chain: readonly Delegation[]): Promise<IsoInvocation> {
  const store = new Map(chain.map((d) => [d.cid.toString(), d.bytes]))
  return IsoInvocation.from({
    bytes,
    verifierResolver,
    now: NOW,
    audience: parseDid(world.service.did()) as never,
    resolveProof: async (cid) => {
      const proof = store.get(cid.toString())
      if (proof === undefined) throw new Error(`no proof ${cid}`)
      return IsoDelegation.from({ bytes: proof, verifierResolver, now: NOW })
    },
  })
}

describe('a capped delegation on a verifier that does not know caps', () => {
  it('is denied by our chain verifier without the caveat hook, at the cap statement', async () => {
    const invocation = await read(capped)
    const result = await plainVerify(invocation.bytes, capped)
    if (result.ok) expect.fail('a capped chain was accepted without the cap being enforced')
    expect(result.error).toBeInstanceOf(PolicyViolationError)
    expect((result.error as PolicyViolationError).failure.statement).toEqual(['==', '.', [CAP_MARKER, { bytes: 1_000_000_000, uses: 500 }]])
    expect((await plainVerify((await read(uncapped)).bytes, uncapped)).ok).toBe(true)
  })

  it('is denied by iso-ucan', async () => {
    const invocation = await read(capped)
    await expect(isoVerify(invocation.bytes, capped)).rejects.toThrow(/invalid arguments/)
    await expect(isoVerify((await read(uncapped)).bytes, uncapped)).resolves.toBeInstanceOf(IsoInvocation)
  })

  it('is accepted, and charged, by the storage layer', async () => {
    const store = memoryStore()
    const invocation = await read(capped)
    accepted(await authorize(invocation, capped, store, world.service.did(), { now: NOW }))
    const cid = capped[0]!.cid.toString()
    expect((await store.ledger.usage([cid])).get(cid)).toEqual({ bytes: 10, uses: 1 })
  })

  it('stays denied by the plain verifier after the storage layer verified it (no shared cache)', async () => {
    accepted(await authorize(await read(capped), capped, memoryStore(), world.service.did(), { now: NOW }))
    const result = await plainVerify((await read(capped)).bytes, capped)
    expect(result.ok).toBe(false)
  })
})
