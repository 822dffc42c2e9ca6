/**
 * Find the token behind every CID of `prf`, by hashing what was received.
 *
 * Rules (docs/verification.md, "Proofs"):
 * - every supplied token is hashed; a `prf` CID matches a token only when the
 *   token's own bytes hash to it, so a claimed CID is never trusted;
 * - supplied tokens the invocation does not reference are ignored: never
 *   decoded, never signature-checked (they still count toward `maxProofs`
 *   and must fit `maxTokenBytes`);
 * - CIDs not supplied go to `resolve`, all at once, and its answers are
 *   hashed like everything else;
 * - sizes and counts are checked before any hashing or decoding.
 */
import { CapchainError, InputTooLargeError } from '@capchain/core/errors'
import { dagCborCid, decodeContainer } from '@capchain/core/lean'
import type { Delegation } from '@capchain/core/token'
import type { CID } from 'multiformats/cid'
import { cidKey, tokenKey } from '../cid-key.js'
import {
  CidMismatchError,
  ContainerTooLargeError,
  TokenTooLargeError,
  TooManyProofsError,
  UnavailableProofError,
  UndecodableContainerError,
  VerificationError,
} from '../errors.js'
import type { ProofSource, ResolveProof } from '../interface.js'
import type { VerifierLimits } from '../limits.js'
import type { TokenCache } from '../signature/cache.js'

/** A `prf` entry and what stands behind it: bytes to decode, or a token already decoded. */
export interface CollectedProof {
  readonly at: string
  readonly cid: CID
  readonly source: Uint8Array | Delegation
}

export type Collected = { readonly ok: true; readonly proofs: CollectedProof[] } | { readonly ok: false; readonly error: VerificationError }

/** CIDv1, dag-cbor, sha2-256 of `bytes`: the only way a token gets a name here. */
export function cidOf(bytes: Uint8Array): CID {
  return dagCborCid(bytes)
}

/**
 * A decoded token's CID, checked against its bytes: a decoded token handed in
 * by the caller could carry any `cid`, and the cache and `prf` matching both
 * rely on the CID naming the bytes.
 */
export function checkedCid(
  token: { readonly cid: CID; readonly bytes: Uint8Array },
  at: string,
  limits: VerifierLimits,
): CID | VerificationError {
  if (token.bytes.length > limits.maxTokenBytes) return new TokenTooLargeError(token.bytes.length, limits.maxTokenBytes, { at })
  const computed = cidOf(token.bytes)
  if (cidKey(computed) === cidKey(token.cid)) return computed
  return new CidMismatchError(token.cid.toString(), computed.toString(), { at })
}

/**
 * The token for each CID of `prf`, in `prf` order. `prf` must already be free
 * of duplicates and within `maxChainLength`.
 */
export function collectProofs(
  prf: readonly CID[],
  supplied: ProofSource | undefined,
  resolve: ResolveProof | undefined,
  limits: VerifierLimits,
  cache?: TokenCache,
  prfKeys: readonly string[] = prf.map(cidKey),
): Collected | Promise<Collected> {
  if (prf.length === 0) return { ok: true, proofs: [] }

  const index = indexSupplied(supplied, limits, cache)
  if (!(index instanceof Map)) return { ok: false, error: index }

  const proofs: (CollectedProof | undefined)[] = []
  const missing: number[] = []
  for (let i = 0; i < prf.length; i++) {
    const cid = prf[i]!
    const source = index.get(prfKeys[i]!)
    if (source === undefined) missing.push(i)
    proofs.push(source === undefined ? undefined : { at: `prf[${i}]`, cid, source })
  }
  if (missing.length === 0) return { ok: true, proofs: proofs as CollectedProof[] }
  if (resolve === undefined) {
    const first = missing[0]!
    return { ok: false, error: new UnavailableProofError({ at: `prf[${first}]`, cid: prf[first]!.toString() }) }
  }
  return resolveMissing(prf, proofs, missing, resolve, limits)
}

/** `prf` entries not supplied, from `resolve`, all at once. */
async function resolveMissing(
  prf: readonly CID[],
  proofs: (CollectedProof | undefined)[],
  missing: readonly number[],
  resolve: ResolveProof,
  limits: VerifierLimits,
): Promise<Collected> {
  const resolved = await Promise.all(missing.map((i) => resolveOne(resolve, prf[i]!, `prf[${i}]`, limits)))
  for (const [k, result] of resolved.entries()) {
    if (result instanceof VerificationError) return { ok: false, error: result }
    proofs[missing[k]!] = result
  }
  return { ok: true, proofs: proofs as CollectedProof[] }
}

async function resolveOne(
  resolve: ResolveProof,
  cid: CID,
  at: string,
  limits: VerifierLimits,
): Promise<CollectedProof | VerificationError> {
  let bytes: Uint8Array | undefined
  try {
    bytes = await resolve(cid)
  } catch (cause) {
    return new UnavailableProofError({ at, cid: cid.toString(), cause })
  }
  if (!(bytes instanceof Uint8Array)) return new UnavailableProofError({ at, cid: cid.toString() })
  if (bytes.length > limits.maxTokenBytes) return new TokenTooLargeError(bytes.length, limits.maxTokenBytes, { at, cid: cid.toString() })
  if (tokenKey(bytes) !== cidKey(cid)) return new CidMismatchError(cid.toString(), cidOf(bytes).toString(), { at })
  return { at, cid, source: bytes }
}

/** Supplied tokens by the key (cid-key.ts) of the CID their bytes hash to. */
function indexSupplied(
  supplied: ProofSource | undefined,
  limits: VerifierLimits,
  cache: TokenCache | undefined,
): Map<string, Uint8Array | Delegation> | VerificationError {
  const index = new Map<string, Uint8Array | Delegation>()
  if (supplied === undefined) return index

  let items: readonly (Uint8Array | Delegation)[]
  if (typeof supplied === 'string' || supplied instanceof Uint8Array) {
    if (supplied.length > limits.maxContainerBytes) return new ContainerTooLargeError(supplied.length, limits.maxContainerBytes)
    try {
      // The token count is checked below with its own error; the container's
      // own bound would report it as a size.
      items = decodeContainer(supplied, { maxBytes: limits.maxContainerBytes, maxTokens: Number.MAX_SAFE_INTEGER }).tokens
    } catch (cause) {
      if (cause instanceof InputTooLargeError) return new ContainerTooLargeError(cause.size, cause.limit)
      if (cause instanceof CapchainError) return new UndecodableContainerError(cause)
      throw cause
    }
  } else {
    items = supplied
  }
  if (items.length > limits.maxProofs) return new TooManyProofsError(items.length, limits.maxProofs)

  // Every size before any hashing: a refused set costs no hash at all.
  for (const [i, item] of items.entries()) {
    if (item instanceof Uint8Array && item.length > limits.maxTokenBytes) {
      return new TokenTooLargeError(item.length, limits.maxTokenBytes, { at: `proofs[${i}]` })
    }
  }
  for (const [i, item] of items.entries()) {
    const at = `proofs[${i}]`
    if (item instanceof Uint8Array) {
      // Hashed, or recognised as bytes hashed before (TokenCache.keyOf).
      index.set(cache === undefined ? tokenKey(item) : cache.keyOf(item), item)
    } else {
      const cid = checkedCid(item, at, limits)
      if (cid instanceof VerificationError) return cid
      index.set(cidKey(cid), item)
    }
  }
  return index
}
