/**
 * Per-proof memo, keyed by CID string: the decoded delegation, its signature
 * result and its parsed policy. Invocations are not memoized: each is used
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
import type { Delegation } from '@capchain/core/token'
import type { parsePolicy } from '@capchain/policy'
import { Lru } from '../lru.js'

export type ParsedPolicy = ReturnType<typeof parsePolicy>

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
  policy?: ParsedPolicy
}

export class TokenCache {
  readonly #lru: Lru<string, TokenMemo>

  constructor(capacity: number) {
    this.#lru = new Lru(capacity)
  }

  get size(): number {
    return this.#lru.size
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

  /** A still-fresh signature result for `cid`, if one is cached. */
  signature(cid: string, nowMs: number): SignatureMemo | undefined {
    const memo = this.#lru.get(cid)?.signature
    return memo !== undefined && memo.expiresAt > nowMs ? memo : undefined
  }

  clear(): void {
    this.#lru.clear()
  }
}
