/**
 * Per-proof memo, keyed by CID (the key of cid-key.ts): the decoded delegation, its signature
 * result and its parsed policy (split as the verifier's `serviceCaveats` say). Invocations are not memoized: each is used
 * once, and remembering them would only push proofs out.
 *
 * Why keying by CID is safe: every CID here was computed by hashing the bytes
 * we received (see proofs/collect.ts), and those bytes include the payload,
 * the issuer and the signature; a token that differs in one byte has another
 * CID and is checked afresh. A claimed CID is never used as a key.
 *
 * What is never cached: time bounds, revocation, policy evaluation against
 * `args` and caveats; they depend on the clock, on state, or on the request.
 */
import type { Delegation, IPLDValue } from '@capchain/core/token'
import type { parsePolicy } from '@capchain/policy'
import { tokenKey } from '../cid-key.js'
import { Lru } from '@capchain/core/cache'

/**
 * Supplied tokens up to this many bytes are remembered, a private copy each,
 * with the key of the CID they hash to (`TokenCache.keyOf`). Real tokens are
 * a few hundred bytes; larger ones are simply hashed every time.
 */
export const KNOWN_BYTES_MAX = 2048

export type ParsedPolicy = ReturnType<typeof parsePolicy>

/** A delegation's policy as the verifier uses it: what it evaluates, and what the service enforces itself. */
export interface PolicyMemo {
  readonly parsed: ParsedPolicy
  readonly enforced: readonly IPLDValue[]
}

export interface SignatureMemo {
  readonly valid: boolean
  /**
   * Wall-clock milliseconds after which the result must be recomputed:
   * `Infinity` for did:key issuers (the key is the DID itself), the DID
   * document's cache expiry for resolved issuers (keys can rotate).
   */
  readonly expiresAt: number
}

export interface TokenMemo {
  /** The decoded proof: decoding is a pure function of the bytes the CID names. */
  delegation?: Delegation
  signature?: SignatureMemo
  policy?: PolicyMemo
}

interface KnownBytes {
  readonly bytes: Uint8Array
  readonly key: string
}

/**
 * Both maps are bounded by entries and by bytes (`maxBytes` each): a memo is
 * charged the size of the token it holds, so tokens near the size limit
 * (128 KiB by default), which anyone can sign for themselves, cannot make
 * the cache hold `capacity` times that.
 */
export class TokenCache {
  readonly #lru: Lru<string, TokenMemo>
  readonly #known: Lru<number, KnownBytes>

  constructor(capacity: number, maxBytes: number) {
    this.#lru = new Lru(capacity, maxBytes)
    this.#known = new Lru(capacity, maxBytes)
  }

  /**
   * The key (cid-key.ts) of the CID `bytes` hash to (CIDv1, dag-cbor,
   * sha2-256): what `tokenKey` computes, without hashing bytes seen before.
   *
   * Why this is safe: the key is reused only for bytes equal, byte for byte,
   * to a private copy of bytes we hashed ourselves, and equal bytes have
   * equal hashes. The fingerprint only finds the candidate; a fingerprint
   * collision (accidental or crafted) fails the comparison and the bytes are
   * hashed, as without this memo.
   */
  keyOf(bytes: Uint8Array): string {
    if (bytes.length > KNOWN_BYTES_MAX) return tokenKey(bytes)
    const print = fingerprint(bytes)
    const known = this.#known.get(print)
    if (known !== undefined && sameBytes(known.bytes, bytes)) return known.key
    const key = tokenKey(bytes)
    this.#known.set(print, { bytes: bytes.slice(), key }, bytes.length)
    return key
  }

  get size(): number {
    return this.#lru.size
  }

  /** Bytes of the tokens whose decoded form is held. */
  get bytes(): number {
    return this.#lru.weight
  }

  /** Keep `delegation`, decoded from bytes that hash to `cid`, in its memo, charging the memo its size. */
  keepDelegation(cid: string, memo: TokenMemo, delegation: Delegation): void {
    memo.delegation = delegation
    this.#lru.addWeight(cid, delegation.bytes.length)
  }

  /** The memo for `cid`, created (and counted toward the bound) when absent. */
  memo(cid: string): TokenMemo {
    let memo = this.#lru.get(cid)
    if (memo === undefined) {
      memo = {}
      this.#lru.set(cid, memo)
    }
    return memo
  }

  /** The memo for `cid`, if there is one (nothing is created). */
  existing(cid: string): TokenMemo | undefined {
    return this.#lru.get(cid)
  }

  /** A still-fresh signature result for `cid`, if one is cached. */
  signature(cid: string, nowMs: number): SignatureMemo | undefined {
    const memo = this.#lru.get(cid)?.signature
    return memo !== undefined && memo.expiresAt > nowMs ? memo : undefined
  }

  clear(): void {
    this.#lru.clear()
    this.#known.clear()
  }
}

/**
 * A cheap 32-bit fingerprint (FNV-1a) of the length, the first 80 bytes and
 * the last 16: for a UCAN envelope the first bytes hold the signature, so
 * distinct tokens almost never share one. Only a hint: see `keyOf`.
 */
function fingerprint(bytes: Uint8Array): number {
  let h = 0x811c9dc5 ^ bytes.length
  const head = Math.min(bytes.length, 80)
  for (let i = 0; i < head; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  for (let i = Math.max(head, bytes.length - 16); i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h >>> 0
}

/** Node.js's `Buffer.compare` (a memcmp) where it exists; it takes any Uint8Array. */
const compareBytes = (globalThis as { Buffer?: { compare(a: Uint8Array, b: Uint8Array): number } }).Buffer?.compare

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  if (compareBytes !== undefined) return compareBytes(a, b) === 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
