import { secp256k1 } from '@noble/curves/secp256k1.js'
import { base58btc } from 'multiformats/bases/base58'
import { describe, expect, it, vi } from 'vitest'
import { parseDidKey } from '../src/principal/did-key.js'
import { VERIFIER_CACHE_SIZE, generateSigner, verifierFromDid } from '../src/principal/index.js'
import { Lru } from '../src/principal/lru.js'

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

  it(`holds ${VERIFIER_CACHE_SIZE} verifiers and evicts the least recently used beyond that`, () => {
    expect(VERIFIER_CACHE_SIZE).toBe(10_000)
    // VERIFIER_CACHE_SIZE + 1 distinct secp256k1 keys: G, 2G, 3G, … (cheap to derive by addition).
    const dids: string[] = []
    let point = secp256k1.Point.BASE
    for (let i = 0; i <= VERIFIER_CACHE_SIZE; i++) {
      dids.push(`did:key:${base58btc.encode(Uint8Array.from([0xe7, 0x01, ...point.toBytes(true)]))}`)
      point = point.add(secp256k1.Point.BASE)
    }
    const [oldest, second] = [dids[0] ?? '', dids[1] ?? '']
    const firstVerifier = verifierFromDid(oldest)
    for (const did of dids.slice(1, VERIFIER_CACHE_SIZE)) verifierFromDid(did)
    // Full now; touching `oldest` makes `second` the least recently used.
    expect(verifierFromDid(oldest)).toBe(firstVerifier)
    parses.mockClear()
    verifierFromDid(dids[VERIFIER_CACHE_SIZE] ?? '') // one too many: evicts `second`
    expect(parses).toHaveBeenCalledTimes(1)
    expect(verifierFromDid(oldest)).toBe(firstVerifier)
    expect(parses).toHaveBeenCalledTimes(1)
    verifierFromDid(second)
    expect(parses).toHaveBeenCalledTimes(2)
  })
})

describe('Lru', () => {
  it('evicts the least recently used entry beyond its size; get refreshes recency', () => {
    const lru = new Lru<string, number>(3)
    lru.set('a', 1)
    lru.set('b', 2)
    lru.set('c', 3)
    expect(lru.get('a')).toBe(1) // order now b, c, a
    lru.set('d', 4) // evicts b
    expect(lru.size).toBe(3)
    expect(lru.get('b')).toBeUndefined()
    expect([lru.get('a'), lru.get('c'), lru.get('d')]).toEqual([1, 3, 4])
    lru.set('c', 30) // overwrite refreshes; order a, d, c
    lru.set('e', 5) // evicts a
    expect(lru.get('a')).toBeUndefined()
    expect([lru.get('c'), lru.get('d'), lru.get('e')]).toEqual([30, 4, 5])
    expect(lru.size).toBe(3)
  })
})
