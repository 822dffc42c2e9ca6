import { encodeContainer } from '@capchain/core/container'
import { importSigner } from '@capchain/core/principal'
import type { Signer } from '@capchain/core/principal'
import { createInvocation, decodeInvocation } from '@capchain/core/token'
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, specErrorName } from '../src/index.js'
import type { InvocationVerification } from '../src/index.js'
import { invocationVectors, vectorPrincipals } from './vectors.js'
import type { InvocationVector } from './vectors.js'

const { valid, invalid } = invocationVectors()
const all = [...valid, ...invalid]

/** Every vector invocation is issued by the vector principal "alice". */
let alice: Signer

/**
 * The same case with `prf` listed leaf first, as older implementations do:
 * the invocation re-signed by its issuer with the same payload and `prf`
 * reversed. Cases with fewer than two proofs are unchanged (reversal is a
 * no-op), so their original bytes — including the deliberately bad
 * invocation signature — are kept.
 */
async function leafFirst(vector: InvocationVector): Promise<InvocationVector> {
  if (vector.proofs.length < 2) return vector
  const original = decodeInvocation(vector.invocation)
  const { payload } = original
  expect(payload.iss).toBe(alice.did())
  const resigned = await createInvocation({
    issuer: alice,
    subject: payload.sub,
    ...(payload.aud === undefined ? {} : { audience: payload.aud }),
    command: payload.cmd,
    args: payload.args,
    proofs: [...payload.prf].reverse(),
    expiration: payload.exp,
    ...(payload.iat === undefined ? {} : { issuedAt: payload.iat }),
    nonce: payload.nonce,
  })
  return { ...vector, invocation: resigned.bytes, proofs: [...vector.proofs].reverse() }
}

function verdict(result: InvocationVerification): string | undefined {
  return result.ok ? undefined : specErrorName(result.error)
}

function describeResult(vector: InvocationVector, result: InvocationVerification): string {
  return `${vector.name} (${vector.description}): ${result.ok ? 'accepted' : `${result.error.code} ${result.error.message}`}`
}

// The vectors name no verifying service, so `audience` is not set: several
// invalid cases carry an `aud` that is not their subject, and each must fail
// for the reason it was written for.
describe('ucan-1.0.0/invocation.json', () => {
  beforeAll(async () => {
    alice = await importSigner(vectorPrincipals().alice!)
  })

  it('has the published number of cases', () => {
    expect(valid).toHaveLength(7)
    expect(invalid).toHaveLength(13)
  })

  describe('prf root-first, as published', () => {
    it.each(all.map((vector) => [vector.name, vector] as const))('%s', async (_name, vector) => {
      const result = await createVerifier().verifyInvocation(vector.invocation, { proofs: vector.proofs, now: vector.time })
      expect(verdict(result), describeResult(vector, result)).toBe(vector.error)
      if (result.ok) {
        expect(result.value.proofOrder).toBe('root-first')
        expect(result.value.chain).toHaveLength(vector.proofs.length + 1)
      }
    })
  })

  describe('prf leaf-first (invocation re-signed with prf reversed)', () => {
    it.each(all.map((vector) => [vector.name, vector] as const))('%s', async (_name, published) => {
      const vector = await leafFirst(published)
      const result = await createVerifier().verifyInvocation(vector.invocation, { proofs: vector.proofs, now: vector.time })
      expect(verdict(result), describeResult(vector, result)).toBe(vector.error)
      if (result.ok && vector.proofs.length >= 2) {
        expect(result.value.proofOrder).toBe('leaf-first')
        // The result is root first whatever the input order.
        const root = result.value.delegations[0]!
        expect(root.payload.iss).toBe(root.payload.sub)
        expect(result.value.chain.at(-1)?.toString()).toBe(result.value.invocation.cid.toString())
      }
    })
  })

  it('gives the same verdicts whatever order the proofs are supplied in, or in a container', async () => {
    for (const vector of all) {
      const options = { now: vector.time }
      const verifier = createVerifier()
      const reversed = await verifier.verifyInvocation(vector.invocation, { ...options, proofs: [...vector.proofs].reverse() })
      expect(verdict(reversed), describeResult(vector, reversed)).toBe(vector.error)
      if (vector.proofs.length > 0) {
        const contained = await verifier.verifyInvocation(vector.invocation, { ...options, proofs: encodeContainer([...vector.proofs]) })
        expect(verdict(contained), describeResult(vector, contained)).toBe(vector.error)
      }
    }
  })
})
