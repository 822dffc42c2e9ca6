/**
 * `proof-order.json`: `prf` listed root first (the current spec) or leaf
 * first (older implementations, go-ucan), proofs supplied in any order, and
 * lists that are neither a chain read one way nor the other.
 */
import type { Delegation, Signer } from '@capchain/core'
import { DUPLICATE_PROOF, PRINCIPAL_MISALIGNED, PROOF_UNAVAILABLE, ROOT_NOT_SUBJECT } from '../build/expected.js'
import { delegate, invoke } from '../build/tokens.js'
import { principal } from '../fixed/principals.js'
import { NOW } from '../fixed/time.js'
import type { InvocationCase } from '../output/invocation-file.js'
import { invocationFile } from '../output/invocation-file.js'
import type { ExpectedError, GeneratedFile, TokenSource } from '../output/interface.js'

export async function proofOrderVectors(): Promise<GeneratedFile> {
  const [alice, bob, carol, dan, erin] = [principal('alice'), principal('bob'), principal('carol'), principal('dan'), principal('erin')]
  const link = (label: string, issuer: Signer, audience: Signer) =>
    delegate({ label: `proof-order/${label}`, issuer, audience: audience.did(), subject: alice.did(), command: '/storage/read' })
  // One chain alice → bob → carol → dan → erin, over three key types (Ed25519, secp256k1, P-256).
  const ab = await link('alice-bob', alice, bob)
  const bc = await link('bob-carol', bob, carol)
  const cd = await link('carol-dan', carol, dan)
  const de = await link('dan-erin', dan, erin)
  const stray = await delegate({ label: 'proof-order/stray', issuer: erin, audience: carol.did(), subject: erin.did(), command: '/' })

  const orderCase = async (
    name: string,
    description: string,
    invoker: Signer,
    prf: readonly Delegation[],
    supplied: readonly TokenSource[],
    expect: ExpectedError | 'root-first' | 'leaf-first',
  ): Promise<InvocationCase> => ({
    name,
    description,
    time: NOW,
    invocation: await invoke({
      label: `proof-order/${name}`,
      issuer: invoker,
      subject: alice.did(),
      command: '/storage/read',
      args: { path: '/a.txt', size: 1 },
      proofs: prf,
    }),
    proofs: supplied,
    ...(typeof expect === 'string' ? { proofOrder: expect } : { error: expect }),
  })

  // Unreferenced supplied tokens are hashed (to know they are unreferenced) but never decoded.
  const junk = new TextEncoder().encode('not a token')
  const cases = await Promise.all([
    orderCase('one link', 'a single delegation: root first by definition', bob, [ab], [ab], 'root-first'),
    orderCase('two links, root first', 'prf lists the root delegation first (current spec)', carol, [ab, bc], [ab, bc], 'root-first'),
    orderCase('two links, leaf first', 'prf lists the delegation to the invoker first (older implementations)', carol, [bc, ab], [bc, ab], 'leaf-first'),
    orderCase('four links, root first', 'Ed25519, secp256k1 and P-256 links, root first', erin, [ab, bc, cd, de], [ab, bc, cd, de], 'root-first'),
    orderCase('four links, leaf first', 'the same chain, leaf first', erin, [de, cd, bc, ab], [de, cd, bc, ab], 'leaf-first'),
    orderCase('supplied in another order', 'the order of the supplied proofs carries no meaning; prf is root first', erin, [ab, bc, cd, de], [cd, ab, de, bc], 'root-first'),
    orderCase('unreferenced tokens supplied', 'a delegation and bytes that are no token, supplied but not in prf, are ignored', carol, [ab, bc], [stray, ab, junk, bc], 'root-first'),
    orderCase('neither order', 'prf is a permutation that is a chain neither root first nor leaf first', erin, [ab, cd, bc, de], [ab, bc, cd, de], PRINCIPAL_MISALIGNED),
    orderCase('a link left out', 'prf skips bob → carol: carol → dan is not issued by the audience before it', erin, [ab, cd, de], [ab, bc, cd, de], PRINCIPAL_MISALIGNED),
    orderCase('a link listed twice', 'the same CID twice in prf is refused before any proof is looked at', carol, [ab, bc, bc], [ab, bc], DUPLICATE_PROOF),
    orderCase('a link not supplied', 'prf names bob → carol, which is neither supplied nor resolvable', carol, [ab, bc], [ab], PROOF_UNAVAILABLE),
    orderCase('no root', 'the only proof, bob → carol about alice, is not issued by its subject', carol, [bc], [bc], ROOT_NOT_SUBJECT),
  ])
  return invocationFile({
    name: 'proof-order.json',
    comments:
      'Proof order: prf root first or leaf first, read from the structure; `proofOrder` is the order a valid case lists. ' +
      'Verify each invocation at `time` with clock skew 0.',
    principals: ['alice', 'bob', 'carol', 'dan', 'erin'],
    cases,
  })
}
