/**
 * SIWE roots already verified, by CID: the part of a verdict no clock and no
 * chain state can change, so that a warm verification does not recover the
 * same secp256k1 signer again (docs/siwe-root.md, "Caching verified roots").
 *
 * What may be remembered is decided by the caller (`siweRootFormat`): only
 * successes, only EOA signatures. This map only makes sure an entry answers
 * for exactly the bytes it was verified from.
 */
import type { ForeignRoot } from '@capchain/verifier'
import { Lru } from '@capchain/core/cache'
import { InvalidSiweOptionError } from '../errors.js'
import type { RootLifetime } from './lifetime.js'

/** Verified roots a `siweRootFormat()` keeps by default. */
export const SIWE_ROOT_CACHE_SIZE = 1000

/** A root's time-independent verdict: everything but the `nbf` / `exp` check against `now`. */
export interface VerifiedRoot {
  /** The root's CID as a string, for the `cid` of the errors a later time check raises. */
  readonly cid: string
  /** The answer handed to the verifier, the same frozen object on every hit. */
  readonly verdict: { readonly ok: true; readonly root: ForeignRoot }
  /** What the session-lifetime rule reads, checked again on every hit (its `Issued At` check depends on the clock). */
  readonly lifetime: RootLifetime
}

/**
 * Whether `a` and `b` hold the same bytes. A plain loop with the length read
 * once: `multiformats/bytes` `equals` took ~6 µs for a 875-byte root (it
 * reads `byteLength` on every step), most of a hit; this takes under 1 µs.
 * Not constant-time, and need not be: neither side is secret.
 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const length = a.length
  if (b.length !== length) return false
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false
  return true
}

interface Entry<T> {
  /** A private copy of the bytes that were verified. */
  readonly bytes: Uint8Array
  readonly root: T
}

/** Verified roots by CID, each answering only for the bytes it was verified from: a SIWE root's `VerifiedRoot`, or a did:pkh root's `true`. */
export class VerifiedRootCache<T = VerifiedRoot> {
  readonly #entries: Lru<string, Entry<T>>

  /** @param maxEntries - at least 1. */
  constructor(maxEntries: number) {
    this.#entries = new Lru(maxEntries)
  }

  /**
   * The root verified under `cid`, if it was verified from exactly `bytes`.
   * The verifier hashed `bytes` to `cid` already; comparing them again (a
   * loop over a few hundred bytes) means a caller that pairs a CID with other
   * bytes can never be answered with another block's verdict.
   */
  get(cid: string, bytes: Uint8Array): T | undefined {
    const entry = this.#entries.get(cid)
    return entry !== undefined && sameBytes(entry.bytes, bytes) ? entry.root : undefined
  }

  /**
   * Remember `root`, verified from `bytes` under `cid`. The bytes are copied:
   * the caller's buffer may be a view into a request it later reuses, and
   * the entry must keep comparing against what was actually verified.
   */
  set(cid: string, bytes: Uint8Array, root: T): void {
    this.#entries.set(cid, { bytes: bytes.slice(), root })
  }
}

/**
 * A cache of `cacheSize` verified roots (default {@link SIWE_ROOT_CACHE_SIZE}), or none for `0`.
 * @throws {InvalidSiweOptionError} if `cacheSize` is not a non-negative integer.
 */
export function verifiedRootCache<T>(cacheSize: number | undefined): VerifiedRootCache<T> | undefined {
  const maxEntries = cacheSize ?? SIWE_ROOT_CACHE_SIZE
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 0) {
    throw new InvalidSiweOptionError('cacheSize must be a non-negative integer number of roots (0 turns the cache off)', { at: 'cacheSize' })
  }
  return maxEntries === 0 ? undefined : new VerifiedRootCache<T>(maxEntries)
}
