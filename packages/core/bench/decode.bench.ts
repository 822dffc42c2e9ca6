/**
 * What decoding a token costs, the largest part of capchain's own work on
 * the verifier's warm path: a depth-5 invocation (5 proof CIDs), a
 * delegation with a 2-statement policy, and the kind peek a service uses to
 * find the invocation among a container's tokens.
 */
import { bench, describe } from 'vitest'
import { signerFromSecret } from '../src/principal/index.js'
import {
  createDelegation,
  createInvocation,
  decodeDelegation,
  decodeInvocation,
  decodeToken,
  tokenKindHint,
} from '../src/token/index.js'

const NOW = 1_800_000_000
const seed = (n: number) => new Uint8Array(32).fill(n)
const chain = Array.from({ length: 6 }, (_, i) => signerFromSecret('Ed25519', seed(i + 1)))
const space = chain[0]!
const invoker = chain[5]!

// space → p1 → … → invoker: five delegations, each one proof of the invocation.
const delegations = await Promise.all(
  chain.slice(0, 5).map((issuer, i) =>
    createDelegation({
      issuer,
      audience: chain[i + 1]!.did(),
      subject: space.did(),
      command: '/storage/write',
      policy: [
        ['like', '.path', '/photos/*'],
        ['<=', '.size', 1048576],
      ],
      expiration: NOW + 3600,
      nonce: seed(100 + i).subarray(0, 12),
    }),
  ),
)
const invoke = (path: string, nonce: Uint8Array) =>
  createInvocation({
    issuer: invoker,
    subject: space.did(),
    command: '/storage/write',
    args: { path, size: 524288 },
    proofs: delegations.map((delegation) => delegation.cid),
    expiration: NOW + 300,
    issuedAt: NOW,
    nonce,
  })
const invocationBytes = (await invoke('/photos/2024/cat.jpg', seed(200).subarray(0, 12))).bytes
// As a verifier sees them: every invocation new (its path and nonce), its principals and proofs the same.
const freshInvocations = await Promise.all(
  Array.from({ length: 4096 }, async (_, i) => (await invoke(`/photos/2024/${i}.jpg`, Uint8Array.of(i >> 8, i & 0xff, ...seed(7).subarray(0, 10)))).bytes),
)
let fresh = 0
const delegationBytes = delegations[2]!.bytes

describe('decode', () => {
  bench('decodeInvocation: depth 5 (5 proof CIDs), args {path, size}', () => {
    decodeInvocation(invocationBytes)
  })

  bench('decodeInvocation: depth 5, a different invocation each time', () => {
    decodeInvocation(freshInvocations[fresh++ % freshInvocations.length]!)
  })

  bench('decodeDelegation: 2-statement policy', () => {
    decodeDelegation(delegationBytes)
  })

})

describe('which token is the invocation', () => {
  bench('tokenKindHint', () => {
    tokenKindHint(invocationBytes)
  })

  bench('decodeToken(…).kind (what the hint spares)', () => {
    decodeToken(invocationBytes).kind
  })
})
