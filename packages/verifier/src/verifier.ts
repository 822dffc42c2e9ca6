/**
 * `createVerifier` builds a verifier that owns its caches; the module-level
 * `verifyInvocation` and `verifyDelegation` share one default instance
 * (did:key issuers only, default cache sizes).
 */
import { verifyEnvelopeSignature } from '@capchain/core/lean'
import type { Delegation, Invocation } from '@capchain/core/token'
import { InvalidOptionsError } from './errors.js'
import type {
  ChainVerifier,
  DelegationVerification,
  InvocationVerification,
  VerifierConfig,
  VerifyDelegationOptions,
  VerifyInvocationOptions,
} from './interface.js'
import { DID_CACHE_SIZE, DID_CACHE_TTL, resolveLimits, SIGNATURE_CACHE_BYTES, SIGNATURE_CACHE_SIZE } from './limits.js'
import type { VerifierLimits } from './limits.js'
import { requireDidDocuments } from './resolve/support.js'
import { TokenCache } from './signature/cache.js'
import type { SignatureDeps } from './signature/check.js'
import { verifyDelegationWith } from './verify-delegation.js'
import { verifyInvocationWith } from './verify-invocation.js'

/**
 * A verifier with its own signature/policy cache (bounded LRU keyed by token
 * CID) and, when `config.resolver` is set, its own DID document cache.
 *
 * @throws {InvalidOptionsError} a cache size or TTL out of range, a root verifier for did:key, `serviceCaveats` without `split`,
 *   or a `resolver` in a lean build without `registerDidDocuments`
 */
export function createVerifier(config: VerifierConfig = {}): ChainVerifier {
  const cacheSize = positiveInteger('cacheSize', config.cacheSize ?? SIGNATURE_CACHE_SIZE)
  const cacheBytes = positiveInteger('cacheBytes', config.cacheBytes ?? SIGNATURE_CACHE_BYTES)
  const didCacheSize = positiveInteger('didCacheSize', config.didCacheSize ?? DID_CACHE_SIZE)
  const didCacheTtl = config.didCacheTtl ?? DID_CACHE_TTL
  if (!Number.isFinite(didCacheTtl) || didCacheTtl < 0) {
    throw new InvalidOptionsError(`didCacheTtl must be a non-negative number of seconds, got ${String(didCacheTtl)}`)
  }
  const rootVerifiers = { ...config.rootVerifiers }
  if (Object.hasOwn(rootVerifiers, 'key')) {
    // A did:key issuer is its own key; letting a hook vouch for it would bypass the signature.
    throw new InvalidOptionsError('rootVerifiers cannot replace signature checks of did:key issuers')
  }

  if (config.serviceCaveats !== undefined && typeof config.serviceCaveats.split !== 'function') {
    throw new InvalidOptionsError('serviceCaveats must have a split(policy) function')
  }

  // Checked here, so a bad limit is refused when the verifier is made rather than on its first request.
  const limits = config.limits === undefined ? undefined : resolveLimits(config.limits)
  // Object.assign, not `{ ...options, limits }`: in Node 20 a literal that opens with a spread and adds a
  // property gets a hidden class of its own on every call (1–2 µs per request).
  const withLimits = <T extends { limits?: Partial<VerifierLimits> }>(options: T): T =>
    limits === undefined ? options : Object.assign({}, options, { limits: { ...limits, ...options.limits } })

  const cache = new TokenCache(cacheSize, cacheBytes)
  const didKeys = config.resolver === undefined ? undefined : requireDidDocuments().createResolver(config.resolver, didCacheTtl, didCacheSize)
  const deps: SignatureDeps = {
    cache,
    didKeys,
    rootVerifiers,
    rootFormats: config.rootFormats ?? [],
    verifySignature: config.verifySignature ?? verifyEnvelopeSignature,
    serviceCaveats: config.serviceCaveats,
  }

  return {
    verifyInvocation: (invocation, options = {}) => verifyInvocationWith(deps, invocation, withLimits(options)),
    verifyDelegation: (chain, options = {}) => verifyDelegationWith(deps, chain, withLimits(options)),
    get cacheSize() {
      return cache.size
    },
    get cachedBytes() {
      return cache.bytes
    },
    clearCache() {
      cache.clear()
      didKeys?.clear()
    },
  }
}

let shared: ChainVerifier | undefined

/**
 * Verify an invocation and its proof chain with the shared default verifier
 * (did:key issuers; use `createVerifier` with a `resolver` for others).
 *
 * @throws {InvalidOptionsError} only for options out of range; every denial is returned
 */
export function verifyInvocation(
  invocation: Uint8Array | Invocation,
  options: VerifyInvocationOptions = {},
): Promise<InvocationVerification> {
  shared ??= createVerifier()
  return shared.verifyInvocation(invocation, options)
}

/**
 * Verify a delegation chain, root-first or leaf-first, with the shared default verifier.
 *
 * @throws {InvalidOptionsError} only for options out of range; every denial is returned
 */
export function verifyDelegation(
  chain: readonly (Uint8Array | Delegation)[],
  options: VerifyDelegationOptions = {},
): Promise<DelegationVerification> {
  shared ??= createVerifier()
  return shared.verifyDelegation(chain, options)
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidOptionsError(`${name} must be a positive integer, got ${String(value)}`)
  return value
}
