import { secp256k1 } from '@noble/curves/secp256k1.js'
import { base58btc } from 'multiformats/bases/base58'
import { describe, expect, it, vi } from 'vitest'
import { parseDidKey } from '../src/principal/did-key.js'
import { VERIFIER_CACHE_SIZE, generateSigner, verifierFromDid } from '../src/principal/index.js'

// Count DID parses: the cache module imports parseDidKey from this module, so it sees the spy.
vi.mock('../src/principal/did-key.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/principal/did-key.js')>()
  return { ...original, parseDidKey: vi.fn(original.parseDidKey) }
})
const parses = vi.mocked(parseDidKey)

describe('verifierFromDid cache', () => {
  it('returns the same verifier for the same DID, parsing the DID only once', async () => {
    const signer = await generateSigner('Ed25519')
    const did = signer.did()
    parses.mockClear()
    const first = verifierFromDid(did)
    const again = verifierFromDid(did)
    expect(again).toBe(first)
    expect(parses).toHaveBeenCalledTimes(1)
    const sig = await signer.sign(Uint8Array.of(1, 2, 3))
    for (let i = 0; i < 100; i++) expect(await verifierFromDid(did).verify(Uint8Array.of(1, 2, 3), sig)).toBe(true)
    expect(parses).toHaveBeenCalledTimes(1)
  })

  it('does not cache failures', () => {
    parses.mockClear()
    expect(() => verifierFromDid('did:web:example.com')).toThrow()
    expect(() => verifierFromDid('did:web:example.com')).toThrow()
    expect(parses).toHaveBeenCalledTimes(2)
  })

  it('a cached verifier cannot be altered through its publicKey', async () => {
    const did = (await generateSigner('P-256')).did()
    const key = verifierFromDid(did).publicKey
    key.fill(0)
    expect(verifierFromDid(did).publicKey).not.toEqual(key)
    expect(verifierFromDid(did).did()).toBe(did)
  })

  it(`holds at most ${VERIFIER_CACHE_SIZE} verifiers, keeping the most recently used`, () => {
    expect(VERIFIER_CACHE_SIZE).toBe(10_000)
    // VERIFIER_CACHE_SIZE + 1 distinct secp256k1 keys: G, 2G, 3G, … (cheap to derive by addition).
    const dids: string[] = []
    let point = secp256k1.Point.BASE
    for (let i = 0; i <= VERIFIER_CACHE_SIZE; i++) {
      dids.push(`did:key:${base58btc.encode(Uint8Array.from([0xe7, 0x01, ...point.toBytes(true)]))}`)
      point = point.add(secp256k1.Point.BASE)
    }
    const kept = dids[0]!
    const firstVerifier = verifierFromDid(kept)
    parses.mockClear()
    for (const [i, did] of dids.slice(1).entries()) {
      verifierFromDid(did)
      // Used often enough to stay in the most recent half (the two-generation LRU's guarantee).
      if (i % 1000 === 0) expect(verifierFromDid(kept)).toBe(firstVerifier)
    }
    expect(parses).toHaveBeenCalledTimes(VERIFIER_CACHE_SIZE)
    expect(verifierFromDid(kept)).toBe(firstVerifier)
    // Of the keys used once, the oldest are gone: asking again parses them.
    parses.mockClear()
    verifierFromDid(dids[1]!)
    expect(parses).toHaveBeenCalledTimes(1)
    // The most recent ones are still there.
    parses.mockClear()
    for (const did of dids.slice(-100)) verifierFromDid(did)
    expect(parses).not.toHaveBeenCalled()
  })
})
