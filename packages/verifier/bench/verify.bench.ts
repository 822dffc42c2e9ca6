/**
 * Warm verification cost against its floor, one Ed25519 signature check:
 * with the proofs' signatures cached, verifying a new invocation over a
 * 2-delegation chain should cost little more than verifying the invocation's
 * own signature.
 */
import { verifyEnvelopeSignature } from '@capchain/core/envelope'
import { verifierFromDid } from '@capchain/core/principal'
import type { Invocation } from '@capchain/core/token'
import { bench, describe } from 'vitest'
import { createVerifier } from '../src/index.js'
import { invoke, NOW, principals, standardChain } from '../test/fixtures.js'

const p = await principals()
const { root, mid, proofs } = await standardChain(p)
// Enough distinct invocations that none is verified twice (its own signature would then be cached).
const invocations: Invocation[] = await Promise.all(
  Array.from({ length: 8192 }, (_, i) => invoke(p.bob, { subject: p.space.did(), proofs: [root, mid], args: { size: i % 1000 } })),
)
const verifier = createVerifier()
await verifier.verifyInvocation(invocations[0]!.bytes, { proofs, now: NOW })
const key = verifierFromDid(p.bob.did())

let floor = 0
let warm = 1

describe('warm verification', () => {
  bench('one Ed25519 envelope signature check (the floor)', async () => {
    await verifyEnvelopeSignature(invocations[floor++ % invocations.length]!.envelope, key)
  })

  bench('verifyInvocation: new invocation, cached 2-link chain, bytes in', async () => {
    const result = await verifier.verifyInvocation(invocations[warm++ % invocations.length]!.bytes, { proofs, now: NOW })
    if (!result.ok) throw result.error
  })
})
