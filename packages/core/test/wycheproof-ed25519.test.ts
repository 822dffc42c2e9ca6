/**
 * Wycheproof Ed25519 (C2SP/wycheproof testvectors_v1/ed25519_test.json) on
 * every backend.
 *
 * Verdicts: `valid` → must verify; `invalid` → must not. `acceptable` means
 * "a strict implementation may reject"; our rule is strict RFC 8032, so an
 * acceptable vector would be expected to fail. This file has none (asserted
 * below), so the expectation is exactly `result === 'valid'`.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import {
  didKeyFromPublicKey,
  ed25519Backends,
  getEd25519Backend,
  setEd25519Backend,
  verifierFromDid,
} from '../src/principal/index.js'
import type { Ed25519BackendName } from '../src/principal/index.js'
import { hexToBytes, readVectorJson } from './vectors.js'

interface WycheproofFile {
  numberOfTests: number
  testGroups: Array<{
    publicKey: { pk: string }
    tests: Array<{ tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable' }>
  }>
}

const file = readVectorJson<WycheproofFile>('wycheproof/ed25519_test.json')
const vectors = file.testGroups.flatMap((group) =>
  group.tests.map((t) => ({
    ...t,
    publicKey: hexToBytes(group.publicKey.pk),
    message: hexToBytes(t.msg),
    signature: hexToBytes(t.sig),
    expected: t.result === 'valid',
  })),
)
const backendNames: Ed25519BackendName[] = ['node', 'webcrypto', 'noble']

describe('Wycheproof ed25519_test.json', () => {
  it('has 151 vectors: 88 valid, 63 invalid, 0 acceptable', () => {
    expect(vectors.length).toBe(file.numberOfTests)
    const count = (r: string): number => vectors.filter((v) => v.result === r).length
    expect([vectors.length, count('valid'), count('invalid'), count('acceptable')]).toEqual([151, 88, 63, 0])
  })

  it('runs WebCrypto Ed25519 natively here (no silent fallback to noble)', async () => {
    const key = await globalThis.crypto.subtle.importKey(
      'raw',
      new Uint8Array(vectors[0]?.publicKey ?? []),
      { name: 'Ed25519' },
      false,
      ['verify'],
    )
    expect(key.algorithm.name).toBe('Ed25519')
    expect(ed25519Backends.webcrypto.available()).toBe(true)
    expect(ed25519Backends.node.available()).toBe(true)
  })

  const verdicts = new Map<Ed25519BackendName, boolean[]>()

  for (const name of backendNames) {
    describe(`${name} backend`, () => {
      beforeAll(async () => {
        const results: boolean[] = []
        for (const v of vectors) results.push(await ed25519Backends[name].verify(v.publicKey, v.message, v.signature))
        verdicts.set(name, results)
      })

      it('matches the verdict of every vector', () => {
        const results = verdicts.get(name) ?? []
        const mismatches = vectors
          .filter((v, i) => results[i] !== v.expected)
          .map((v) => `tcId ${v.tcId} (${v.comment}): expected ${v.expected}`)
        expect(mismatches).toEqual([])
        expect(results.filter(Boolean).length).toBe(88)
      })

      it('gives the same verdicts through verifierFromDid', async () => {
        const previous = getEd25519Backend().name
        setEd25519Backend(name)
        try {
          for (const v of vectors) {
            const verifier = verifierFromDid(didKeyFromPublicKey('Ed25519', v.publicKey))
            expect(await verifier.verify(v.message, v.signature), `tcId ${v.tcId}`).toBe(v.expected)
          }
        } finally {
          setEd25519Backend(previous)
        }
      })
    })
  }

  it('all backends agree on every vector', () => {
    const [first, ...rest] = backendNames.map((name) => verdicts.get(name))
    expect(first).toHaveLength(vectors.length)
    for (const other of rest) expect(other).toEqual(first)
  })
})
