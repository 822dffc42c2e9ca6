import { InvalidDidError } from '../errors.js'
import { parseDidKey } from './did-key.js'
import type { Verifier } from './interface.js'
import { Lru } from '../cache/lru.js'
import { createVerifier } from './verifier.js'

/**
 * How many verifiers `verifierFromDid` keeps: 10,000 (a few hundred bytes to
 * ~1 KB each with the imported key, so at most ~10 MB). Enough for the keys
 * of a busy service's working set; beyond it the least recently used drop
 * (approximately: in two generations, see `Lru`; the most recent half is always kept).
 */
export const VERIFIER_CACHE_SIZE = 10_000

const verifiers = new Lru<string, Verifier>(VERIFIER_CACHE_SIZE)

/**
 * The verifier of a did:key, from a bounded LRU cache keyed by the DID
 * string, so checking many tokens by the same issuer parses the DID, checks
 * the key (one scalar multiplication for Ed25519) and imports it into the
 * backend only once. Failures are not cached.
 *
 * The returned object is shared by every caller asking for the same DID; it
 * is immutable (`publicKey` returns a copy).
 *
 * @throws {InvalidDidError} if `did` is malformed (see `parseDidKey`).
 * @throws {UnsupportedDidError} for another DID method or an unsupported key type.
 */
export function verifierFromDid(did: string): Verifier {
  if (typeof did !== 'string') throw new InvalidDidError(`a DID must be a string, got ${typeof did}`)
  const cached = verifiers.get(did)
  if (cached !== undefined) return cached
  const { keyType, publicKey } = parseDidKey(did)
  const verifier = createVerifier(keyType, publicKey)
  verifiers.set(did, verifier)
  return verifier
}
