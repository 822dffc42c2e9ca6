/**
 * Signature validation (delegation spec "Signature Validation"): every
 * token's signature must verify against the key of its `iss`. All tokens of
 * a chain are checked in parallel; the first failure in chain order is
 * reported.
 *
 * Where the key comes from, by the issuer's DID method:
 * - `did:key`: the DID is the key (core `verifierFromDid`); a delegation's
 *   result is cached by CID without expiry;
 * - a method with a configured root verifier (e.g. `pkh`), for the chain's
 *   root delegation: the root verifier decides; not cached here;
 * - `did:pkh` otherwise: denied, accepted only at the root of a chain, as a
 *   SIWE root format or through a root verifier (`pkhRootVerifier`);
 * - any other method, with a resolver configured: the DID document's keys
 *   (resolve/did-resolver.ts); a delegation's result is cached until the
 *   document's TTL ends.
 *
 * Invocations are never cached: each is checked once, when it arrives.
 */
import { KEY_TYPE_OF, verifierFromDid } from '@capchain/core/lean'
import type { Verifier } from '@capchain/core/principal'
import type { Delegation } from '@capchain/core/token'
import { IssuerResolutionError, SignatureMismatchError, UnsupportedIssuerError } from '../errors.js'
import type { VerificationError } from '../errors.js'
import type { ChainLink, RootFormat, RootVerifier, ServiceCaveats, SignatureCheck } from '../interface.js'
import type { DidKeyResolver } from '../resolve/did-resolver.js'
import { where } from '../chain/link.js'
import { cidKey } from '../cid-key.js'
import type { TokenCache, TokenMemo } from './cache.js'

export interface SignatureDeps {
  readonly cache: TokenCache
  readonly verifySignature: SignatureCheck
  readonly didKeys: DidKeyResolver | undefined
  readonly rootVerifiers: Readonly<Record<string, RootVerifier>>
  readonly rootFormats: readonly RootFormat[]
  /** How policies are split before they are parsed (chain/policy.ts); part of the deps because the cache holds the result. */
  readonly serviceCaveats: ServiceCaveats | undefined
}

/**
 * Check every link's signature at once. `links` are root first; the first
 * link is the chain's root when it is a delegation.
 *
 * Results already in the cache are answered synchronously; only the checks
 * still to do are awaited (together). With a warm cache that is the
 * invocation's one signature.
 */
export function checkSignatures(
  deps: SignatureDeps,
  links: readonly ChainLink[],
  memos?: readonly (TokenMemo | undefined)[],
): VerificationError | undefined | Promise<VerificationError | undefined> {
  const nowMs = Date.now()
  const results: (VerificationError | undefined | Promise<VerificationError | undefined>)[] = []
  let pending = 0
  let failed = false
  for (let i = 0; i < links.length; i++) {
    const result = checkSignature(deps, links[i]!, i === 0, nowMs, memos?.[i])
    if (result instanceof Promise) pending++
    else if (result !== undefined) failed = true
    results.push(result)
  }
  if (pending === 0) return results.find((error) => error !== undefined)
  // The warm case: every other link answered from the cache, and valid.
  if (pending === 1 && !failed) return results.find((result) => result instanceof Promise)
  return Promise.all(results).then((settled) => settled.find((error) => error !== undefined))
}

/** `known`, when given, is the link's cache entry (saves looking it up again). */
function checkSignature(
  deps: SignatureDeps,
  link: ChainLink,
  first: boolean,
  nowMs: number,
  known: TokenMemo | undefined,
): VerificationError | undefined | Promise<VerificationError | undefined> {
  // A foreign root's signature was checked by its format when it was read (root/foreign.ts).
  if (link.root !== undefined) return undefined
  const { token } = link
  const issuer = token.payload.iss
  const method = issuer.slice(4, issuer.indexOf(':', 4))

  const rootVerifier = deps.rootVerifiers[method]
  if (rootVerifier !== undefined && first && token.kind === 'dlg') return checkWithRootVerifier(rootVerifier, link)

  // Only delegations read from their bytes are remembered: an invocation is
  // used once, and a caller-decoded token's payload is the caller's word.
  if (token.kind !== 'dlg' || link.callerDecoded) return checkUncached(deps, link, method, undefined)
  const key = known === undefined ? cidKey(link.cid) : undefined
  const memo = known ?? deps.cache.existing(key!)
  const cached = memo?.signature
  if (cached !== undefined && cached.expiresAt > nowMs) return cached.valid ? undefined : new SignatureMismatchError(issuer, where(link))
  return checkUncached(deps, link, method, memo ?? key)
}

async function checkWithRootVerifier(rootVerifier: RootVerifier, link: ChainLink): Promise<VerificationError | undefined> {
  const issuer = link.token.payload.iss
  try {
    return (await rootVerifier(link.token as Delegation)) ? undefined : new SignatureMismatchError(issuer, where(link))
  } catch (cause) {
    return new SignatureMismatchError(issuer, { ...where(link), cause })
  }
}

async function checkUncached(
  deps: SignatureDeps,
  link: ChainLink,
  method: string,
  /** Where to remember the result (a delegation's cache entry, or the key to create it under); `undefined` for an invocation. */
  memo: TokenMemo | string | undefined,
): Promise<VerificationError | undefined> {
  const { token } = link
  const issuer = token.payload.iss
  let verifiers: readonly Verifier[]
  let expiresAt: number
  if (method === 'key') {
    try {
      verifiers = [verifierFromDid(issuer)]
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      return new UnsupportedIssuerError(issuer, reason, { ...where(link), cause })
    }
    // The DID is the key: the result can never change for these bytes.
    expiresAt = Number.POSITIVE_INFINITY
  } else if (method === 'pkh') {
    return new UnsupportedIssuerError(
      issuer,
      'did:pkh issuers are accepted only at the root of a chain (a SIWE root, or a wallet-issued root through a root verifier for did:pkh)',
      where(link),
    )
  } else if (deps.didKeys === undefined) {
    return new UnsupportedIssuerError(issuer, `no DID resolver is configured for did:${method} issuers`, where(link))
  } else {
    const keys = await deps.didKeys.keys(issuer)
    if (!keys.ok) return new IssuerResolutionError(issuer, keys.reason, where(link))
    const keyType = KEY_TYPE_OF[token.envelope.header.alg]
    verifiers = keys.verifiers.filter((verifier) => verifier.keyType === keyType)
    expiresAt = keys.expiresAt
  }

  let valid = false
  try {
    for (const verifier of verifiers) {
      if (await deps.verifySignature(token.envelope, verifier)) {
        valid = true
        break
      }
    }
  } catch (cause) {
    // A signature check that throws is a denial, but not a result to remember.
    return new SignatureMismatchError(issuer, { ...where(link), cause })
  }
  if (memo !== undefined) (typeof memo === 'string' ? deps.cache.memo(memo) : memo).signature = { valid, expiresAt }
  return valid ? undefined : new SignatureMismatchError(issuer, where(link))
}
