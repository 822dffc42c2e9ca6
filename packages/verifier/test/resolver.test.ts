/**
 * Issuers that are not did:key: did:web through a did-resolver `Resolver`,
 * did:pkh denied outside a SIWE root, and the root-verifier extension point.
 */
import { generateKeyPairSync } from 'node:crypto'
import { signerFromSecret } from '@capchain/core/principal'
import type { DID, Signer } from '@capchain/core/principal'
import { Resolver } from 'did-resolver'
import type { DIDDocument, DIDResolutionResult } from 'did-resolver'
import { base64url } from 'multiformats/bases/base64'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createVerifier,
  DID_CACHE_TTL,
  InvalidOptionsError,
  IssuerResolutionError,
  SignatureMismatchError,
  specErrorName,
  UnsupportedIssuerError,
} from '../src/index.js'
import { delegate, invoke, NOW, principals, renamed } from './fixtures.js'
import type { Principals } from './fixtures.js'
import { expectAccepted, expectDenied } from './helpers.js'

const WEB = 'did:web:storage.example' as DID

let p: Principals

beforeAll(async () => {
  p = await principals()
})

afterEach(() => {
  vi.useRealTimers()
})

/** A document listing `methods` under assertionMethod. */
function documentWith(methods: Record<string, unknown>[]): DIDDocument {
  const verificationMethod = methods.map((method, i) => ({ id: `${WEB}#key-${i}`, controller: WEB, ...method })) as DIDDocument['verificationMethod']
  return { id: WEB, verificationMethod, assertionMethod: verificationMethod!.map((method) => method.id) }
}

function multikeyMethod(signer: Signer): Record<string, unknown> {
  return { type: 'Multikey', publicKeyMultibase: signer.did().slice('did:key:'.length) }
}

function resolverFor(document: () => DIDDocument | null) {
  const web = vi.fn(
    async (): Promise<DIDResolutionResult> => ({
      didDocument: document(),
      didResolutionMetadata: document() === null ? { error: 'notFound' } : {},
      didDocumentMetadata: {},
    }),
  )
  return { web, resolver: new Resolver({ web }) }
}

/** The service (did:web) delegates its own storage to bob, who invokes it. */
async function webChain(key: Signer) {
  const service = renamed(key, WEB)
  const root = await delegate(service, p.bob, WEB)
  const invocation = await invoke(p.bob, { subject: WEB, proofs: [root] })
  return { root, invocation }
}

describe('did:web issuers through did-resolver', () => {
  it('verifies with a Multikey from the DID document, resolving once per TTL', async () => {
    const { root, invocation } = await webChain(p.service)
    const { web, resolver } = resolverFor(() => documentWith([multikeyMethod(p.service)]))
    const verifier = createVerifier({ resolver })
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW, audience: WEB }))
    const again = await invoke(p.bob, { subject: WEB, proofs: [root], args: { size: 1 } })
    expectAccepted(await verifier.verifyInvocation(again.bytes, { proofs: [root.bytes], now: NOW }))
    expect(web).toHaveBeenCalledTimes(1)
  })

  it('verifies with an Ed25519 or P-256 JWK', async () => {
    const ed = { type: 'JsonWebKey2020', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: base64url.baseEncode(p.service.publicKey) } }
    const { root, invocation } = await webChain(p.service)
    expectAccepted(
      await createVerifier({ resolver: resolverFor(() => documentWith([ed])).resolver }).verifyInvocation(invocation.bytes, {
        proofs: [root.bytes],
        now: NOW,
      }),
    )

    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = pair.privateKey.export({ format: 'jwk' })
    const p256 = signerFromSecret('P-256', new Uint8Array(Buffer.from(jwk.d!, 'base64url')))
    const ec = { type: 'JsonWebKey2020', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } }
    const chain = await webChain(p256)
    // An unusable method first: it is skipped, the P-256 key still verifies.
    const document = documentWith([{ type: 'Custom', publicKeyHex: '00' }, ec])
    expectAccepted(
      await createVerifier({ resolver: resolverFor(() => document).resolver }).verifyInvocation(chain.invocation.bytes, {
        proofs: [chain.root.bytes],
        now: NOW,
      }),
    )
  })

  it('denies a signature by a key the document does not list', async () => {
    const { root, invocation } = await webChain(p.mallory)
    const { resolver } = resolverFor(() => documentWith([multikeyMethod(p.service)]))
    const error = expectDenied(
      await createVerifier({ resolver }).verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }),
      SignatureMismatchError,
      'prf[0]',
    )
    expect(specErrorName(error)).toBe('InvalidSignature')
  })

  it('re-resolves after the TTL, so a rotated key stops verifying', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    let key = p.service
    const { root, invocation } = await webChain(p.service)
    const { web, resolver } = resolverFor(() => documentWith([multikeyMethod(key)]))
    const verifier = createVerifier({ resolver })
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }))
    key = p.carol
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }))
    vi.setSystemTime(Date.now() + (DID_CACHE_TTL + 1) * 1000)
    expectDenied(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }), SignatureMismatchError)
    expect(web).toHaveBeenCalledTimes(2)
  })

  it('denies an issuer the resolver cannot resolve, and does not cache the failure', async () => {
    const { root, invocation } = await webChain(p.service)
    const { web, resolver } = resolverFor(() => null)
    const verifier = createVerifier({ resolver })
    for (let i = 0; i < 2; i++) {
      const error = expectDenied(
        await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }),
        IssuerResolutionError,
        'prf[0]',
      )
      expect(error.message).toContain('notFound')
    }
    expect(web).toHaveBeenCalledTimes(2)
  })

  it('denies a non-did:key issuer when no resolver is configured', async () => {
    const { root, invocation } = await webChain(p.service)
    const error = expectDenied(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }),
      UnsupportedIssuerError,
      'prf[0]',
    )
    expect(error.message).toContain('no DID resolver')
  })
})

describe('did:pkh issuers', () => {
  const PKH = 'did:pkh:eip155:1:0x00000000000000000000000000000000000000aa' as DID

  it('are denied, pointing to the SIWE root they need', async () => {
    const wallet = renamed(p.alice, PKH)
    const root = await delegate(wallet, p.bob, PKH)
    const invocation = await invoke(p.bob, { subject: PKH, proofs: [root] })
    const error = expectDenied(
      await createVerifier().verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }),
      UnsupportedIssuerError,
      'prf[0]',
    )
    expect(error.message).toContain('SIWE')
  })

  it('are accepted as the chain root through a root verifier for their method, and only as the root', async () => {
    const wallet = renamed(p.alice, PKH)
    const root = await delegate(wallet, p.bob, PKH)
    const invocation = await invoke(p.bob, { subject: PKH, proofs: [root] })
    const pkh = vi.fn(async (token: { cid: { toString(): string } }) => token.cid.toString() === root.cid.toString())
    const verifier = createVerifier({ rootVerifiers: { pkh } })
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs: [root.bytes], now: NOW }))
    expect(pkh).toHaveBeenCalledTimes(1)

    // Mid-chain, the same issuer is not a root: the root verifier is not asked.
    const spaceRoot = await delegate(p.space, wallet, p.space.did())
    const mid = await delegate(wallet, p.bob, p.space.did())
    const through = await invoke(p.bob, { subject: p.space.did(), proofs: [spaceRoot, mid] })
    pkh.mockClear()
    expectDenied(
      await verifier.verifyInvocation(through.bytes, { proofs: [spaceRoot.bytes, mid.bytes], now: NOW }),
      UnsupportedIssuerError,
      'prf[1]',
    )
    expect(pkh).not.toHaveBeenCalled()
  })

  it('cannot replace did:key signature checks', () => {
    expect(() => createVerifier({ rootVerifiers: { key: async () => true } })).toThrow(InvalidOptionsError)
  })
})
