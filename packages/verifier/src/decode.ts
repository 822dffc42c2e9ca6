/**
 * Turning input into chain links: each token is decoded at most once, after
 * its size is checked (proofs once per CID, across verifications). A token
 * handed in already decoded is not decoded again, but its CID is checked
 * against its bytes (proofs/collect.ts).
 */
import { CapchainError } from '@capchain/core/errors'
import { envelopeIdentity } from '@capchain/core/lean'
import { decodeToken } from '@capchain/core/token'
import type { Token } from '@capchain/core/token'
import type { CID } from 'multiformats/cid'
import type { DelegationLink } from './chain/link.js'
import { TokenTooLargeError, UndecodableTokenError, VerificationError, WrongTokenKindError } from './errors.js'
import type { ChainLink } from './interface.js'
import type { VerifierLimits } from './limits.js'
import { checkedCid } from './proofs/collect.js'
import type { TokenCache, TokenMemo } from './signature/cache.js'

/** A decoded token, or bytes to decode, as a link at position `at`. */
export function toLink(source: Uint8Array | Token, at: string, limits: VerifierLimits): ChainLink | VerificationError {
  if (!(source instanceof Uint8Array)) {
    const cid = checkedCid(source, at, limits)
    if (cid instanceof VerificationError) return cid
    // The caller's envelope is what its signature is checked on; its `cid` is only a claim, replaced by the one checked.
    return { at, cid, identity: envelopeIdentity({ ...source.envelope, cid }), token: source, callerDecoded: true }
  }
  if (source.length > limits.maxTokenBytes) return new TokenTooLargeError(source.length, limits.maxTokenBytes, { at })
  return decodeLink(source, at, limits)
}

/** Decode bytes whose size was already checked. */
export function decodeLink(bytes: Uint8Array, at: string, limits: VerifierLimits): ChainLink | VerificationError {
  try {
    const token = decodeToken(bytes, { maxTokenBytes: limits.maxTokenBytes })
    return { at, cid: token.cid, identity: envelopeIdentity(token.envelope), token }
  } catch (cause) {
    if (cause instanceof CapchainError) {
      return new UndecodableTokenError(cause, { at, ...(cause.cid === undefined ? {} : { cid: cause.cid }) })
    }
    throw cause
  }
}

/**
 * A proof's bytes, already size-checked and hashed to `cid` (whose cache key
 * is `key`), as a delegation link: decoded once per CID and then served from
 * the cache, which is safe because `cid` was computed from these very bytes.
 */
export function decodeProof(
  bytes: Uint8Array,
  at: string,
  cid: CID,
  key: string,
  cache: TokenCache,
  memo: TokenMemo,
  limits: VerifierLimits,
): DelegationLink | VerificationError {
  if (memo.delegation !== undefined) return { at, cid, identity: envelopeIdentity(memo.delegation.envelope), token: memo.delegation }
  // The decoded token holds views into the bytes it was decoded from, and it
  // outlives this call in the cache: decode a private copy, so a caller that
  // reuses its buffer cannot change what a cached proof says.
  const link = decodeLink(bytes.slice(), at, limits)
  if (link instanceof VerificationError) return link
  const delegation = asDelegation(link)
  if (!(delegation instanceof VerificationError)) cache.keepDelegation(key, memo, delegation.token)
  return delegation
}

/** The link as a delegation link, or why it is not one. */
export function asDelegation(link: ChainLink): DelegationLink | VerificationError {
  const { token } = link
  if (token.kind === 'dlg') return { ...link, token }
  return new WrongTokenKindError('delegation', { at: link.at, cid: link.cid.toString() })
}
