/**
 * Keys of issuers that are not did:key, through the standard `did-resolver`
 * interface (`Resolvable`), cached with a TTL.
 *
 * Which keys: verification methods referenced (by id or embedded) from the
 * document's `assertionMethod`, `authentication`, `capabilityInvocation` and
 * `capabilityDelegation`, given as `publicKeyMultibase` (Multikey, or
 * Ed25519VerificationKey2020) or `publicKeyJwk` (OKP Ed25519, EC P-256, EC
 * secp256k1). Each becomes the equivalent did:key verifier of core, so key
 * parsing and signature checks are the same code as for did:key issuers.
 *
 * Caching: a successful resolution is kept `ttl` seconds (wall clock), at
 * most `size` documents; failures are not cached; concurrent resolutions of
 * one DID share one request.
 */
import { verifierFromDid } from '@capchain/core/lean'
import type { DID, Verifier } from '@capchain/core/principal'
import type { DIDDocument, JsonWebKey, Resolvable, VerificationMethod } from 'did-resolver'
import { base58btc } from 'multiformats/bases/base58'
import { base64url } from 'multiformats/bases/base64'
import { MAX_DID_DOCUMENT_KEYS } from '../limits.js'
import { Lru } from '@capchain/core/cache'

export type ResolvedKeys =
  | { readonly ok: true; readonly verifiers: readonly Verifier[]; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: string }

const RELATIONSHIPS = ['assertionMethod', 'authentication', 'capabilityInvocation', 'capabilityDelegation'] as const

// Multicodec varint prefixes of the public key types did:key encodes.
const ED25519_PUB = [0xed, 0x01]
const SECP256K1_PUB = [0xe7, 0x01]
const P256_PUB = [0x80, 0x24]

export class DidKeyResolver {
  readonly #cache: Lru<string, Promise<ResolvedKeys>>

  constructor(
    private readonly resolver: Resolvable,
    private readonly ttlSeconds: number,
    size: number,
  ) {
    this.#cache = new Lru(size)
  }

  /** The verifiers for `did`'s signing keys, or why there are none. Never throws. */
  keys(did: DID): Promise<ResolvedKeys> {
    const cached = this.#cache.get(did)
    if (cached !== undefined) return cached.then((keys) => (keys.ok && keys.expiresAt > Date.now() ? keys : this.#fetch(did)))
    return this.#fetch(did)
  }

  clear(): void {
    this.#cache.clear()
  }

  #fetch(did: DID): Promise<ResolvedKeys> {
    const pending = this.#resolve(did).then((keys) => {
      // Failures are not cached: the next request retries the resolver.
      if (!keys.ok) this.#cache.delete(did)
      return keys
    })
    this.#cache.set(did, pending)
    return pending
  }

  async #resolve(did: DID): Promise<ResolvedKeys> {
    let document: DIDDocument | null
    try {
      const result = await this.resolver.resolve(did)
      const error = result.didResolutionMetadata.error
      if (error !== undefined) return { ok: false, reason: `the resolver answered "${error}"` }
      if (result.didDocumentMetadata.deactivated === true) return { ok: false, reason: 'its DID document is deactivated' }
      document = result.didDocument
    } catch (cause) {
      return { ok: false, reason: `the resolver failed: ${cause instanceof Error ? cause.message : String(cause)}` }
    }
    if (document === null) return { ok: false, reason: 'the resolver returned no DID document' }
    if (document.id !== did) return { ok: false, reason: `the resolved document is for ${document.id}` }

    const verifiers = signingKeys(document)
    if (verifiers.length === 0) {
      return { ok: false, reason: 'its DID document has no Ed25519, P-256 or secp256k1 signing key we can read' }
    }
    return { ok: true, verifiers, expiresAt: Date.now() + this.ttlSeconds * 1000 }
  }
}

function signingKeys(document: DIDDocument): Verifier[] {
  const byDidKey = new Map<string, Verifier>()
  for (const relationship of RELATIONSHIPS) {
    for (const entry of document[relationship] ?? []) {
      const method = typeof entry === 'string' ? findMethod(document, entry) : entry
      const didKey = method === undefined ? undefined : toDidKey(method)
      if (didKey === undefined || byDidKey.has(didKey)) continue
      try {
        byDidKey.set(didKey, verifierFromDid(didKey as DID))
      } catch {
        // A key core cannot use (unknown curve, bad point) is skipped; the others may still verify.
        continue
      }
      if (byDidKey.size >= MAX_DID_DOCUMENT_KEYS) return [...byDidKey.values()]
    }
  }
  return [...byDidKey.values()]
}

function findMethod(document: DIDDocument, reference: string): VerificationMethod | undefined {
  const id = reference.startsWith('#') ? `${document.id}${reference}` : reference
  return document.verificationMethod?.find((method) => method.id === id || `${document.id}${method.id}` === id)
}

/** The did:key naming the same public key as `method`, or `undefined` when we cannot read it. */
function toDidKey(method: VerificationMethod): string | undefined {
  if (typeof method.publicKeyMultibase === 'string' && method.publicKeyMultibase.startsWith('z')) {
    // A Multikey value is exactly the method-specific part of a did:key.
    return `did:key:${method.publicKeyMultibase}`
  }
  if (method.publicKeyJwk !== undefined) return jwkToDidKey(method.publicKeyJwk)
  return undefined
}

function jwkToDidKey(jwk: JsonWebKey): string | undefined {
  try {
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') {
      return multikey(ED25519_PUB, base64url.baseDecode(jwk.x))
    }
    if (jwk.kty === 'EC' && typeof jwk.x === 'string' && typeof jwk.y === 'string') {
      const prefix = jwk.crv === 'P-256' ? P256_PUB : jwk.crv === 'secp256k1' ? SECP256K1_PUB : undefined
      if (prefix === undefined) return undefined
      const x = base64url.baseDecode(jwk.x)
      const y = base64url.baseDecode(jwk.y)
      if (x.length !== 32 || y.length !== 32) return undefined
      // did:key holds the compressed SEC1 point: parity of y, then x.
      const compressed = new Uint8Array(33)
      compressed[0] = 0x02 | ((y[31] ?? 0) & 1)
      compressed.set(x, 1)
      return multikey(prefix, compressed)
    }
  } catch {
    // Not base64url: not a key we can read.
  }
  return undefined
}

function multikey(prefix: readonly number[], key: Uint8Array): string {
  const bytes = new Uint8Array(prefix.length + key.length)
  bytes.set(prefix)
  bytes.set(key, prefix.length)
  return `did:key:${base58btc.encode(bytes)}`
}
