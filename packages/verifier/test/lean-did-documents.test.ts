/**
 * `@capchain/verifier/lean` leaves DID documents out (issue 17, bundle
 * budgets): a verifier given a `resolver` is refused when it is made until
 * the app calls `registerDidDocuments`; then a did:web chain verifies, and
 * its near-misses are denied, as through `@capchain/verifier`. This file
 * imports the lean entry only: the default entry registers the support
 * when it loads. The cases run in order (the registration is global).
 */
import type { DID, Signer } from '@capchain/core/principal'
import { Resolver } from 'did-resolver'
import type { DIDDocument } from 'did-resolver'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createVerifier,
  ExpiredError,
  InvalidOptionsError,
  IssuerResolutionError,
  registerDidDocuments,
  SignatureMismatchError,
  UnsupportedIssuerError,
} from '../src/lean.js'
import { delegate, invoke, NOW, principals, renamed, standardChain } from './fixtures.js'
import type { Principals } from './fixtures.js'
import { expectAccepted, expectDenied } from './helpers.js'

const WEB = 'did:web:storage.example' as DID

let p: Principals

beforeAll(async () => {
  p = await principals()
})

/** A resolver whose did:web document lists `signer`'s key, or that finds no document when `signer` is null. */
function resolverListing(signer: Signer | null): Resolver {
  const document = (): DIDDocument | null => {
    if (signer === null) return null
    const id = `${WEB}#key-0`
    const method = { id, controller: WEB, type: 'Multikey', publicKeyMultibase: signer.did().slice('did:key:'.length) }
    return { id: WEB, verificationMethod: [method], assertionMethod: [id] }
  }
  return new Resolver({
    web: async () => ({
      didDocument: document(),
      didResolutionMetadata: document() === null ? { error: 'notFound' } : {},
      didDocumentMetadata: {},
    }),
  })
}

/** The service (did:web, signing with `key`) delegates its storage to bob, who invokes it. */
async function webChain(key: Signer) {
  const root = await delegate(renamed(key, WEB), p.bob, WEB)
  const invocation = await invoke(p.bob, { subject: WEB, proofs: [root] })
  return { invocation: invocation.bytes, proofs: [root.bytes] }
}

describe('@capchain/verifier/lean and DID documents', () => {
  it('refuses a resolver before registerDidDocuments, and still verifies did:key chains without one', async () => {
    expect(() => createVerifier({ resolver: resolverListing(p.service) })).toThrow(InvalidOptionsError)
    expect(() => createVerifier({ resolver: resolverListing(p.service) })).toThrow(/registerDidDocuments/)

    const verifier = createVerifier()
    const { invocation, proofs } = await standardChain(p)
    expectAccepted(await verifier.verifyInvocation(invocation.bytes, { proofs, now: NOW }))
    const web = await webChain(p.service)
    expectDenied(await verifier.verifyInvocation(web.invocation, { proofs: web.proofs, now: NOW }), UnsupportedIssuerError, 'prf[0]')
  })

  it('verifies a did:web issuer through its document once registered, and denies the near-misses', async () => {
    registerDidDocuments()
    const web = await webChain(p.service)
    const listing = createVerifier({ resolver: resolverListing(p.service) })
    expectAccepted(await listing.verifyInvocation(web.invocation, { proofs: web.proofs, now: NOW }))

    const forged = await webChain(p.mallory)
    expectDenied(await listing.verifyInvocation(forged.invocation, { proofs: forged.proofs, now: NOW }), SignatureMismatchError, 'prf[0]')

    const unknown = createVerifier({ resolver: resolverListing(null) })
    expectDenied(await unknown.verifyInvocation(web.invocation, { proofs: web.proofs, now: NOW }), IssuerResolutionError, 'prf[0]')

    expectDenied(await listing.verifyInvocation(web.invocation, { proofs: web.proofs, now: NOW + 86_400 * 365 }), ExpiredError)
  })
})
