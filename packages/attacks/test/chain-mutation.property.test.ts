/**
 * Fuzzing chain verification: a valid invocation and its proofs, with one
 * token changed by a forger (a byte, several bytes, or a field re-encoded
 * under the old signature), or its proofs reordered, repeated or dropped.
 * `verifyInvocation` must deny every such input (unless the change gave back
 * the very same bytes) and must never throw.
 *
 * The forger is given the invoker's key too, in half the runs: bob re-signs
 * his invocation to name the changed delegation by its new CID, so the
 * delegation's own signature is what has to stop it.
 *
 * One verifier serves every run, so its caches are exercised across runs:
 * what it remembers from one input must not leak into the verdict on another.
 */
import { dagCborCid } from '@capchain/core'
import { encodeVarsig } from '@capchain/core/varsig'
import type { IPLDMap, IPLDValue, Token } from '@capchain/core/token'
import { createVerifier } from '@capchain/verifier'
import type { ChainVerifier, InvocationVerification } from '@capchain/verifier'
import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import type { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it } from 'vitest'
import { accepted, forgeToken, fuzzParameters, fuzzTimeout, honestChain, mutateBytes, mutation, NOW, principals, sameBytes } from './support/index.js'
import type { HonestChain, Mutation, Principals } from './support/index.js'

/** A generous bound on one case, a full chain verification (measured: about 0.3 ms). */
const TIMEOUT = fuzzTimeout(3)

let p: Principals
let chain: HonestChain
let verifier: ChainVerifier

beforeAll(async () => {
  p = await principals()
  chain = await honestChain(p)
  verifier = createVerifier()
  accepted(await verify(chain.invocation.bytes, chain.proofs))
})

async function verify(invocation: Uint8Array, proofs: readonly Uint8Array[]): Promise<InvocationVerification> {
  try {
    return await verifier.verifyInvocation(invocation, { proofs: [...proofs], now: NOW, audience: p.service.did() })
  } catch (error) {
    return expect.fail(`verifyInvocation threw: ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`)
  }
}

/** The tokens of the honest chain, by index: 0 the invocation, 1 the root, 2 the middle link. */
const tokenAt = (i: number): Token => [chain.invocation, chain.root, chain.mid][i]!

/** Bob's invocation re-signed by bob, with `prf` replaced. */
function resignedInvocation(prf: readonly CID[]): Promise<Uint8Array> {
  const payload = { ...(chain.invocation.envelope.payload as IPLDMap), prf: [...prf] }
  return forgeToken('inv', payload, 'Ed25519', (signed) => p.bob.sign(signed))
}

/**
 * Replace token `target` by `changed`; for a delegation with `resign`, bob's
 * invocation is re-signed to name `changed` by its CID. Verified: accepted
 * only when nothing changed.
 */
async function deniedUnlessIdentical(target: number, changed: Uint8Array, resign: boolean): Promise<void> {
  const original = tokenAt(target)
  const identical = sameBytes(changed, original.bytes)
  let invocation = chain.invocation.bytes
  const proofs = [...chain.proofs]
  if (target === 0) {
    invocation = changed
  } else {
    proofs[target - 1] = changed
    if (resign && !identical) {
      const prf = [chain.root.cid, chain.mid.cid]
      prf[target - 1] = dagCborCid(changed)
      invocation = await resignedInvocation(prf)
    }
  }
  const result = await verify(invocation, proofs)
  if (identical) {
    expect(result.ok).toBe(true)
    return
  }
  if (result.ok) expect.fail(`a changed ${['invocation', 'root', 'middle link'][target]} was accepted`)
}

/** Values a forger puts in a field: other principals, other commands, edge numbers, other policies and args. */
const fieldValue: fc.Arbitrary<IPLDValue | undefined> = fc.oneof(
  fc.constant(undefined), // delete the field
  fc.constantFrom<() => IPLDValue>(
    () => p.space.did(),
    () => p.alice.did(),
    () => p.bob.did(),
    () => p.mallory.did(),
    () => p.service.did(),
    () => chain.root.cid,
    () => chain.mid.cid,
    () => [chain.mid.cid, chain.root.cid],
    () => [chain.root.cid, chain.mid.cid, chain.mid.cid],
    () => [chain.root.cid],
    () => [],
  ).map((make) => make()),
  fc.constantFrom<IPLDValue>(
    null,
    '/',
    '/storage',
    '/storagex',
    '/storage/write',
    '/storage/read',
    '/storage/write/x',
    NOW,
    NOW + 300,
    NOW + 3600,
    NOW + 3601,
    0,
    -1,
    Number.MAX_SAFE_INTEGER,
    1.5,
    '',
    true,
    new Uint8Array(12),
    [['<=', '.size', 1_000_000]],
    [['<=', '.size', 1024]],
    [['or', []]],
    { size: 100 },
    { size: 2000 },
    { size: 100, extra: 1 },
    {},
  ),
)

/** A field of the token's payload (or an unknown one), or its header `h`. */
const fieldEdit = fc.record({ target: fc.integer({ min: 0, max: 2 }), field: fc.nat(), value: fieldValue, resign: fc.boolean(), header: fc.constantFrom('Ed25519', 'ES256', 'ES256K', 'EIP191') })

/** The token re-encoded with one field changed and its original signature. */
function editedToken(token: Token, field: number, value: IPLDValue | undefined, header: 'Ed25519' | 'ES256' | 'ES256K' | 'EIP191'): Uint8Array {
  const payload: Record<string, IPLDValue> = { ...(token.envelope.payload as IPLDMap) }
  const keys = [...Object.keys(payload), 'unknownField', 'h']
  const key = keys[field % keys.length]!
  let h = token.envelope.headerBytes
  if (key === 'h') h = encodeVarsig({ alg: header, enc: 'DAG-CBOR' })
  else if (value === undefined) delete payload[key]
  else payload[key] = value
  return dagCbor.encode([token.envelope.signature, { h, [token.envelope.tag]: payload }])
}

describe('mutated valid chains are never accepted', () => {
  it('one to three byte mutations of any token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (target, mutations, resign) => {
        const changed = mutations.reduce((bytes: Uint8Array, m: Mutation) => mutateBytes(bytes, m), tokenAt(target).bytes)
        await deniedUnlessIdentical(target, changed, resign)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('one field of any token changed, deleted or added, or its header swapped, under the old signature', async () => {
    await fc.assert(
      fc.asyncProperty(fieldEdit, async ({ target, field, value, resign, header }) => {
        await deniedUnlessIdentical(target, editedToken(tokenAt(target), field, value, header), resign)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)

  it('prf reordered, repeated or cut (bob re-signing or not); supplied proofs dropped', async () => {
    const prfEdit = fc.record({
      kind: fc.constantFrom('reorder', 'duplicate', 'drop', 'drop-supplied', 'shuffle-supplied'),
      at: fc.nat(),
      resign: fc.boolean(),
    })
    await fc.assert(
      fc.asyncProperty(prfEdit, async ({ kind, at, resign }) => {
        const prf = [chain.root.cid, chain.mid.cid]
        const i = at % prf.length
        if (kind === 'drop-supplied') {
          const proofs = chain.proofs.filter((_, j) => j !== i)
          expect((await verify(chain.invocation.bytes, proofs)).ok).toBe(false)
          return
        }
        if (kind === 'shuffle-supplied') {
          // Not an attack: the supplied set is a set. Its order and repeats change nothing.
          const proofs = [...chain.proofs].reverse().concat(chain.proofs[i]!)
          expect((await verify(chain.invocation.bytes, proofs)).ok).toBe(true)
          return
        }
        const edited = kind === 'reorder' ? [...prf].reverse() : kind === 'duplicate' ? [...prf.slice(0, i + 1), prf[i]!, ...prf.slice(i + 1)] : prf.filter((_, j) => j !== i)
        // Bob may list his proofs leaf first and re-sign: that is a valid chain, not an attack.
        if (kind === 'reorder' && resign) return
        const invocation = resign
          ? await resignedInvocation(edited)
          : editedToken(chain.invocation, Object.keys(chain.invocation.envelope.payload).indexOf('prf'), edited, 'Ed25519')
        expect((await verify(invocation, chain.proofs)).ok).toBe(false)
      }),
      fuzzParameters(),
    )
  }, TIMEOUT)
})
