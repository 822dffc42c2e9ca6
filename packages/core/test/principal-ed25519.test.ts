/**
 * Ed25519 acceptance rule on inputs where libraries are known to differ:
 * small-order and mixed-order keys, non-canonical encodings, `R` with a
 * small-order component, `S >= L`. Every backend must give the same verdict,
 * and the verdict must be the rule's (src/principal/ed25519/rules.ts).
 */
import * as ed from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2.js'
import { describe, expect, it, vi } from 'vitest'
import { InvalidDidError, InvalidKeyError, UnsupportedDidError } from '../src/errors.js'
import {
  didKeyFromPublicKey,
  ed25519Backends,
  getEd25519Backend,
  parseDidKey,
  setEd25519Backend,
  signerFromSecret,
  verifierFromDid,
} from '../src/principal/index.js'
import type { Ed25519BackendName } from '../src/principal/index.js'
import { hexToBytes } from './vectors.js'

ed.hashes.sha512 ??= sha512

const L = 2n ** 252n + 27742317777372353535851937790883648493n
const P = 2n ** 255n - 19n
const le = (bytes: Uint8Array): bigint => bytes.reduceRight((n, b) => (n << 8n) | BigInt(b), 0n)
const toLE32 = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))
const challenge = (R: Uint8Array, A: Uint8Array, M: Uint8Array): bigint => le(sha512(concat(R, A, M))) % L

/** A point of order exactly 8 (from libsodium's small-order blocklist). */
const T8 = ed.Point.fromBytes(hexToBytes('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'))
const seed = hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
const { scalar: a, pointBytes: A } = ed.utils.getExtendedPublicKey(seed)
const message = new TextEncoder().encode('capchain edge case')

/** A signature with nonce r and an R of our choosing: S = r + k·a where k = H(R_bytes || A_bytes || M). */
function forge(Rbytes: Uint8Array, r: bigint, Abytes: Uint8Array = A, secret: bigint = a): Uint8Array {
  const k = challenge(Rbytes, Abytes, message)
  return concat(Rbytes, toLE32((r + k * secret) % L))
}

const names: Ed25519BackendName[] = ['node', 'webcrypto', 'noble']
async function verdicts(publicKey: Uint8Array, signature: Uint8Array): Promise<boolean[]> {
  return Promise.all(names.map((n) => ed25519Backends[n].verify(publicKey, message, signature)))
}

describe('Ed25519 edge cases: all backends agree with the rule', () => {
  it('T8 really has order 8', () => {
    expect(T8.multiply(8n, false).is0()).toBe(true)
    expect(T8.multiply(4n, false).is0()).toBe(false)
  })

  it('an honest signature verifies everywhere', async () => {
    expect(await verdicts(A, ed.sign(message, seed))).toEqual([true, true, true])
  })

  it('S + L (non-canonical S, RFC 8032 §5.1.7 malleability) is rejected everywhere', async () => {
    const sig = ed.sign(message, seed)
    const bumped = concat(sig.subarray(0, 32), toLE32(le(sig.subarray(32)) + L))
    expect(await verdicts(A, bumped)).toEqual([false, false, false])
  })

  it('R with a small-order component: cofactored verifiers accept, our cofactorless rule rejects everywhere', async () => {
    const r = 12345n
    const sig = forge(ed.Point.BASE.multiply(r).add(T8).toBytes(), r)
    // noble's own strict mode checks the cofactored equation and accepts: the reason our noble backend is custom.
    expect(ed.verify(sig, message, A, { zip215: false })).toBe(true)
    expect(await verdicts(A, sig)).toEqual([false, false, false])
  })

  it('R = identity in canonical form (nonce 0): valid under RFC 8032, accepted everywhere', async () => {
    const sig = forge(ed.Point.ZERO.toBytes(), 0n)
    expect(await verdicts(A, sig)).toEqual([true, true, true])
  })

  it('R = identity with the sign bit set (non-canonical, x = 0): rejected everywhere', async () => {
    const Rbytes = ed.Point.ZERO.toBytes()
    Rbytes[31] = 0x80
    expect(await verdicts(A, forge(Rbytes, 0n))).toEqual([false, false, false])
  })

  it('R = identity encoded as y = p + 1 (non-canonical, y >= p): rejected everywhere', async () => {
    expect(await verdicts(A, forge(toLE32(P + 1n), 0n))).toEqual([false, false, false])
  })

  it('small-order A (identity) with R = [S]B, which verifies for ANY message without a key: rejected everywhere', async () => {
    const identity = ed.Point.ZERO.toBytes()
    const S = 987654321n
    const sig = concat(ed.Point.BASE.multiply(S).toBytes(), toLE32(S))
    // The raw cofactorless equation holds ([S]B = R + [k]·0): only the key pre-check stops it.
    expect(await ed25519Backends.node.bind(identity)(message, sig)).toBe(true)
    expect(await verdicts(identity, sig)).toEqual([false, false, false])
  })

  it('every small-order A is rejected, by parseDidKey and by every backend', async () => {
    const smallOrder = [
      '0100000000000000000000000000000000000000000000000000000000000000',
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      '0000000000000000000000000000000000000000000000000000000000000000',
      '0000000000000000000000000000000000000000000000000000000000000080',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
    ].map(hexToBytes)
    for (const key of smallOrder) {
      expect(() => didKeyFromPublicKey('Ed25519', key)).toThrow(InvalidKeyError)
      expect(await verdicts(key, ed.sign(message, seed))).toEqual([false, false, false])
    }
  })

  it('mixed-order A = aB + T8 with a signature valid under the cofactorless equation: rejected by the key rule', async () => {
    const mixed = ed.Point.fromBytes(A).add(T8).toBytes()
    // Find a nonce whose challenge cancels the torsion: R = rB + cT8 with c + k ≡ 0 (mod 8).
    let sig: Uint8Array | undefined
    for (let r = 1n; sig === undefined; r++) {
      for (let c = 0n; c < 8n; c++) {
        const R = ed.Point.BASE.multiply(r).add(T8.multiply(c === 0n ? 8n : c, false)).toBytes()
        if ((c + challenge(R, mixed, message)) % 8n === 0n) {
          sig = forge(R, r, mixed)
          break
        }
      }
    }
    expect(await ed25519Backends.node.bind(mixed)(message, sig)).toBe(true)
    expect(await verdicts(mixed, sig)).toEqual([false, false, false])
    const did = `did:key:z${(await import('multiformats/bases/base58')).base58btc.baseEncode(concat(Uint8Array.of(0xed, 0x01), mixed))}`
    expect(() => parseDidKey(did)).toThrow(InvalidDidError)
    expect(() => parseDidKey(did)).toThrow(/prime-order subgroup/)
  })

  it('a non-canonical A (y + p for a point with small y) is rejected everywhere', async () => {
    // Find y < 19 on the curve, not small-order, so that y + p still fits in 255 bits.
    let found: Uint8Array | undefined
    for (let y = 2n; y < 19n && found === undefined; y++) {
      try {
        if (!ed.Point.fromBytes(toLE32(y)).isSmallOrder()) found = toLE32(y + P)
      } catch {
        // not on the curve
      }
    }
    expect(found).toBeDefined()
    const key = found ?? new Uint8Array(32)
    expect(() => didKeyFromPublicKey('Ed25519', key)).toThrow(/not canonically encoded/)
    expect(await verdicts(key, ed.sign(message, seed))).toEqual([false, false, false])
  })

  it('malformed lengths resolve false, never throw', async () => {
    for (const sig of [new Uint8Array(0), new Uint8Array(63), new Uint8Array(65)]) {
      expect(await verdicts(A, sig)).toEqual([false, false, false])
    }
    expect(await verdicts(new Uint8Array(31), ed.sign(message, seed))).toEqual([false, false, false])
    const verifier = verifierFromDid(didKeyFromPublicKey('Ed25519', A))
    expect(await verifier.verify(message, 'not bytes' as unknown as Uint8Array)).toBe(false)
    expect(await verifier.verify('not bytes' as unknown as Uint8Array, ed.sign(message, seed))).toBe(false)
  })
})

describe('Ed25519 backend selection', () => {
  it('defaults to node under Node.js', () => {
    expect(getEd25519Backend().name).toBe('node')
  })

  it('a verifier follows setEd25519Backend, importing its key into each backend it is used with', async () => {
    const signer = signerFromSecret('Ed25519', seed)
    const sig = await signer.sign(message)
    const verifier = verifierFromDid(signer.did())
    try {
      for (const name of names) {
        setEd25519Backend(name)
        expect(getEd25519Backend().name).toBe(name)
        expect(await verifier.verify(message, sig)).toBe(true)
        expect(await verifier.verify(message.subarray(1), sig)).toBe(false)
      }
    } finally {
      setEd25519Backend('node')
    }
  })

  it('rejects an unknown backend name with UnsupportedDidError', () => {
    expect(() => setEd25519Backend('sodium' as Ed25519BackendName)).toThrow(UnsupportedDidError)
    expect(getEd25519Backend().name).toBe('node')
  })

  it('rejects a backend this runtime lacks with UnsupportedDidError', () => {
    vi.stubGlobal('crypto', undefined)
    try {
      expect(ed25519Backends.webcrypto.available()).toBe(false)
      expect(() => setEd25519Backend('webcrypto')).toThrow(/"webcrypto" is not available/)
    } finally {
      vi.unstubAllGlobals()
    }
    expect(getEd25519Backend().name).toBe('node')
  })
})
