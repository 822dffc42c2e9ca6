/**
 * Wycheproof ECDSA with SHA-256 and IEEE P1363 (raw `r || s`) signatures, for
 * secp256k1 and P-256, on both backends and through `verifierFromDid`.
 *
 * Expected verdict: `result === 'valid'`, except that secp256k1 is LOW-S
 * ONLY (s <= (n - 1) / 2; see src/principal/ecdsa-signature-rule.ts), so its
 * 72 `valid` vectors with a high S are deliberately REJECTED. P-256 accepts
 * both halves of S (WebCrypto never normalises it), so its 70 high-S `valid`
 * vectors are ACCEPTED. Neither file has `acceptable` vectors (asserted).
 */
import { describe, expect, it } from 'vitest'
import { didKeyFromPublicKey, ecdsaBackends, verifierFromDid } from '../src/principal/index.js'
import type { EcdsaBackendName, EcdsaKeyType } from '../src/principal/index.js'
import { hexToBytes, readVectorJson } from './vectors.js'

interface WycheproofEcdsaFile {
  numberOfTests: number
  testGroups: Array<{
    publicKey: { curve: string; wx: string; wy: string }
    sha: string
    tests: Array<{ tcId: number; comment: string; msg: string; sig: string; result: 'valid' | 'invalid' | 'acceptable' }>
  }>
}

/** Group orders, written out here so the test does not trust the code under test. */
const ORDER: Record<EcdsaKeyType, bigint> = {
  secp256k1: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
}

/** Which curves refuse a high S, written out here for the same reason. */
const LOW_S_ONLY: Record<EcdsaKeyType, boolean> = { secp256k1: true, 'P-256': false }

/** A 64-byte signature whose s (second half) is above n/2. Other lengths are not high-S, just malformed. */
function isHighS(keyType: EcdsaKeyType, sig: Uint8Array): boolean {
  if (sig.length !== 64) return false
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`)
  return s > ORDER[keyType] / 2n
}

/** Compressed SEC1 from Wycheproof's big-endian hex coordinates (which may carry a leading 00 byte). */
function compress(wx: string, wy: string): Uint8Array {
  const x = BigInt(`0x${wx}`).toString(16).padStart(64, '0')
  const yOdd = (BigInt(`0x${wy}`) & 1n) === 1n
  return hexToBytes(`${yOdd ? '03' : '02'}${x}`)
}

const files: Array<[EcdsaKeyType, string, string, { total: number; valid: number; invalid: number; highS: number }]> = [
  ['secp256k1', 'wycheproof/ecdsa_secp256k1_sha256_p1363_test.json', 'secp256k1', { total: 252, valid: 167, invalid: 85, highS: 72 }],
  ['P-256', 'wycheproof/ecdsa_secp256r1_sha256_p1363_test.json', 'secp256r1', { total: 262, valid: 173, invalid: 89, highS: 70 }],
]

for (const [keyType, path, curveName, counts] of files) {
  const file = readVectorJson<WycheproofEcdsaFile>(path)
  const vectors = file.testGroups.flatMap((group) => {
    expect(group.publicKey.curve).toBe(curveName)
    expect(group.sha).toBe('SHA-256')
    const publicKey = compress(group.publicKey.wx, group.publicKey.wy)
    return group.tests.map((t) => {
      const signature = hexToBytes(t.sig)
      const highS = isHighS(keyType, signature)
      return {
        ...t,
        publicKey,
        message: hexToBytes(t.msg),
        signature,
        highS,
        // The one deliberate departure from Wycheproof: valid but high-S on secp256k1 → rejected (low-S only).
        expected: t.result === 'valid' && !(highS && LOW_S_ONLY[keyType]),
      }
    })
  })

  describe(`Wycheproof ${path}`, () => {
    it(`has ${counts.total} vectors: ${counts.valid} valid (${counts.highS} of them high-S), ${counts.invalid} invalid, 0 acceptable`, () => {
      const count = (r: string): number => vectors.filter((v) => v.result === r).length
      expect(vectors.length).toBe(file.numberOfTests)
      expect([vectors.length, count('valid'), count('invalid'), count('acceptable')]).toEqual([
        counts.total,
        counts.valid,
        counts.invalid,
        0,
      ])
      expect(vectors.filter((v) => v.result === 'valid' && v.highS).length).toBe(counts.highS)
    })

    for (const backend of ['node', 'noble'] satisfies EcdsaBackendName[]) {
      it(`${backend} backend: every verdict matches (valid high-S vectors rejected on secp256k1 only)`, () => {
        const mismatches = vectors
          .filter((v) => ecdsaBackends[backend].verify(keyType, v.publicKey, v.message, v.signature) !== v.expected)
          .map((v) => `tcId ${v.tcId} (${v.comment}): expected ${v.expected}`)
        expect(mismatches).toEqual([])
      })
    }

    it('verifierFromDid: every verdict matches (valid high-S vectors rejected on secp256k1 only)', async () => {
      let accepted = 0
      for (const v of vectors) {
        const verifier = verifierFromDid(didKeyFromPublicKey(keyType, v.publicKey))
        const ok = await verifier.verify(v.message, v.signature)
        expect(ok, `tcId ${v.tcId} (${v.comment})`).toBe(v.expected)
        if (ok) accepted++
      }
      expect(accepted).toBe(LOW_S_ONLY[keyType] ? counts.valid - counts.highS : counts.valid)
    })

    it('the high-S valid vectors are valid once s is replaced by n - s (so on secp256k1 only the low-S rule rejects them)', () => {
      for (const v of vectors.filter((v) => v.result === 'valid' && v.highS)) {
        const s = BigInt(`0x${Buffer.from(v.signature.subarray(32)).toString('hex')}`)
        const low = new Uint8Array(v.signature)
        low.set(hexToBytes((ORDER[keyType] - s).toString(16).padStart(64, '0')), 32)
        expect(ecdsaBackends.noble.verify(keyType, v.publicKey, v.message, low), `tcId ${v.tcId}`).toBe(true)
      }
    })
  })
}
