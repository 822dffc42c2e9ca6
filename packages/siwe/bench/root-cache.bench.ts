/**
 * What the per-format cache of verified EOA roots saves. A SIWE root's
 * verification is dominated by recovering its secp256k1 signer; with the
 * time-independent verdict cached, a warm SIWE-rooted chain should cost about
 * what a did:key chain of the same depth costs.
 *
 * - `format.verify`: one root, verified again and again, with the cache on
 *   (default) and off (`cacheSize: 0`, the full verification every time).
 * - depth 3, warm: root → session → agent 1 → agent 2 invokes, a new
 *   invocation each time (its own signature is always checked), the proofs
 *   cached by the verifier; against a did:key root delegation in the same place.
 */
import { createDelegation, createInvocation, generateSigner } from '@capchain/core'
import type { Invocation, Signer } from '@capchain/core'
import { createVerifier } from '@capchain/verifier'
import type { ChainVerifier } from '@capchain/verifier'
import { bench, describe } from 'vitest'
import { siweRootFormat } from '../src/index.js'
import { EXPIRES, NOW, SESSION, SUBJECT, rootFields, signedCacao } from '../test/root-helpers.js'

const root = signedCacao(rootFields())
const context = { cid: root.cid, now: NOW, clockSkew: 60, maxBytes: 1024 * 1024 }
const cached = siweRootFormat({ domains: ['photos.example'] })
const uncached = siweRootFormat({ domains: ['photos.example'], cacheSize: 0 })

const [agent1, agent2, service, space] = (await Promise.all(Array.from({ length: 4 }, () => generateSigner('Ed25519')))) as [Signer, Signer, Signer, Signer]
const COMMAND = '/storage/read'

async function tail(issuer: Signer, subject: string) {
  const toAgent1 = await createDelegation({ issuer, audience: agent1.did(), subject: subject as never, command: COMMAND, expiration: EXPIRES })
  const toAgent2 = await createDelegation({ issuer: agent1, audience: agent2.did(), subject: subject as never, command: COMMAND, expiration: EXPIRES })
  return [toAgent1, toAgent2] as const
}

async function invocations(subject: string, proofs: readonly { cid: Invocation['cid'] }[]): Promise<Uint8Array[]> {
  const made = await Promise.all(
    Array.from({ length: 4096 }, (_, i) =>
      createInvocation({
        issuer: agent2,
        subject: subject as never,
        audience: service.did(),
        command: COMMAND,
        args: { path: `/photos/${i}.jpg` },
        proofs: proofs.map((proof) => proof.cid),
        expiration: EXPIRES,
        issuedAt: NOW,
      }),
    ),
  )
  return made.map((invocation) => invocation.bytes)
}

const siweTail = await tail(SESSION, SUBJECT)
const siweProofs = [root.bytes, ...siweTail.map((d) => d.bytes)]
const siweInvocations = await invocations(SUBJECT, [root, ...siweTail])

const didKeyRoot = await createDelegation({ issuer: space, audience: SESSION.did(), subject: space.did(), command: COMMAND, expiration: EXPIRES })
const didKeyTail = await tail(SESSION, space.did())
const didKeyProofs = [didKeyRoot.bytes, ...didKeyTail.map((d) => d.bytes)]
const didKeyInvocations = await invocations(space.did(), [didKeyRoot, ...didKeyTail])

const withCache = createVerifier({ rootFormats: [cached] })
const withoutCache = createVerifier({ rootFormats: [uncached] })
const didKeyVerifier = createVerifier()

/** A verification that must succeed; each verifier walks its own list of fresh invocations. */
function warm(verifier: ChainVerifier, list: readonly Uint8Array[], proofs: readonly Uint8Array[]): () => Promise<void> {
  let next = 0
  return async () => {
    const result = await verifier.verifyInvocation(list[next++ % list.length]!, { proofs, now: NOW, audience: service.did() })
    if (!result.ok) throw result.error
  }
}

describe('SIWE root: format.verify of one root', () => {
  bench('cached (default cacheSize)', async () => {
    const verdict = await cached.verify(root.bytes, context)
    if (!verdict.ok) throw verdict.error
  })

  bench('uncached (cacheSize: 0)', async () => {
    const verdict = await uncached.verify(root.bytes, context)
    if (!verdict.ok) throw verdict.error
  })
})

describe('depth-3 chain, warm verifier, new invocation each time', () => {
  bench('did:key root', warm(didKeyVerifier, didKeyInvocations, didKeyProofs))
  bench('SIWE root, cached', warm(withCache, siweInvocations, siweProofs))
  bench('SIWE root, uncached (cacheSize: 0)', warm(withoutCache, siweInvocations, siweProofs))
})
