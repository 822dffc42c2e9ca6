import { keccak_256 } from '@noble/hashes/sha3.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { describe, expect, it } from 'vitest'
import { InvalidKeyError, InvalidSignatureError } from '../src/errors.js'
import {
  ecdsaBackends,
  generateSigner,
  importSigner,
  isDigestVerifier,
  parseDidKey,
  recoverSecp256k1PublicKey,
  signerFromSecret,
  verifierFromDid,
} from '../src/principal/index.js'
import type { KeyType, Signer } from '../src/principal/index.js'
import { bytesToHex, hexToBytes, readVectorJson } from './vectors.js'

const keyTypes: KeyType[] = ['Ed25519', 'secp256k1', 'P-256']
const ORDER = {
  secp256k1: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
} as const
const message = new TextEncoder().encode('UCAN capability chain')
const be = (bytes: Uint8Array): bigint => BigInt(`0x${bytesToHex(bytes) || '0'}`)
const be32 = (n: bigint): Uint8Array => hexToBytes(n.toString(16).padStart(64, '0'))

/** (r, n - s): the other half of an ECDSA signature pair, valid under a lenient verifier. */
function negateS(keyType: 'secp256k1' | 'P-256', sig: Uint8Array): Uint8Array {
  const high = new Uint8Array(sig)
  high.set(be32(ORDER[keyType] - be(sig.subarray(32))), 32)
  return high
}

describe.each(keyTypes)('%s signer', (keyType) => {
  it('signs and verifies (signer, toVerifier, verifierFromDid)', async () => {
    const signer = await generateSigner(keyType)
    const sig = await signer.sign(message)
    expect(sig).toHaveLength(64)
    expect(signer.keyType).toBe(keyType)
    expect(await signer.verify(message, sig)).toBe(true)
    expect(await signer.toVerifier().verify(message, sig)).toBe(true)
    const verifier = verifierFromDid(signer.did())
    expect(verifier.keyType).toBe(keyType)
    expect(bytesToHex(verifier.publicKey)).toBe(bytesToHex(signer.publicKey))
    expect(await verifier.verify(message, sig)).toBe(true)
  })

  it('rejects a signature under the wrong key', async () => {
    const [alice, mallory] = [await generateSigner(keyType), await generateSigner(keyType)]
    expect(await verifierFromDid(mallory.did()).verify(message, await alice.sign(message))).toBe(false)
  })

  it('rejects a flipped bit in the message or in any signature byte', async () => {
    const signer = await generateSigner(keyType)
    const sig = await signer.sign(message)
    const verifier = verifierFromDid(signer.did())
    const tampered = new Uint8Array(message)
    tampered[0] = (tampered[0] ?? 0) ^ 1
    expect(await verifier.verify(tampered, sig)).toBe(false)
    for (let i = 0; i < sig.length; i++) {
      const bad = new Uint8Array(sig)
      bad[i] = (bad[i] ?? 0) ^ 0x01
      expect(await verifier.verify(message, bad), `bit 0 of byte ${i}`).toBe(false)
    }
  })

  it('resolves false (never throws) on malformed signatures', async () => {
    const verifier = verifierFromDid((await generateSigner(keyType)).did())
    for (const sig of [new Uint8Array(0), new Uint8Array(63), new Uint8Array(64), new Uint8Array(65)]) {
      expect(await verifier.verify(message, sig)).toBe(false)
    }
  })

  it('exportSecret → importSigner round-trips, with the multikey codec prefix', async () => {
    const signer = await generateSigner(keyType)
    const secret = signer.exportSecret()
    const prefix = { Ed25519: '8026', secp256k1: '8126', 'P-256': '8626' }[keyType]
    expect(bytesToHex(secret.subarray(0, 2))).toBe(prefix)
    expect(secret).toHaveLength(34)
    const again = importSigner(secret)
    expect(again.did()).toBe(signer.did())
    expect(await again.verify(message, await signer.sign(message))).toBe(true)
    expect(signerFromSecret(keyType, secret.subarray(2)).did()).toBe(signer.did())
  })

  it('does not expose the secret through enumeration or JSON', async () => {
    const signer = await generateSigner(keyType)
    const secretHex = bytesToHex(signer.exportSecret().subarray(2))
    expect(JSON.stringify(signer) ?? '').not.toContain(secretHex)
    expect(Object.values(signer).map((v) => (v instanceof Uint8Array ? bytesToHex(v) : String(v)))).not.toContain(secretHex)
  })
})

describe.each(['secp256k1', 'P-256'] as const)('%s S rule', (keyType) => {
  it('sign always produces a low S', async () => {
    const signer = await generateSigner(keyType)
    for (let i = 0; i < 32; i++) {
      const sig = await signer.sign(Uint8Array.of(i))
      expect(be(sig.subarray(32)) <= ORDER[keyType] / 2n).toBe(true)
    }
  })

  it(`a high-S signature made by negating s of a valid ${keyType} signature is ${keyType === 'secp256k1' ? 'REJECTED' : 'accepted'}`, async () => {
    const signer = await generateSigner(keyType)
    const sig = await signer.sign(message)
    const high = negateS(keyType, sig)
    expect(be(high.subarray(32)) > ORDER[keyType] / 2n).toBe(true)
    // secp256k1 is low-S only; P-256 accepts what WebCrypto signs (identity joins the twins).
    expect(await verifierFromDid(signer.did()).verify(message, high)).toBe(keyType === 'P-256')
    for (const backend of ['node', 'noble'] as const) {
      expect(ecdsaBackends[backend].verify(keyType, signer.publicKey, message, high), backend).toBe(keyType === 'P-256')
    }
    // It is a mathematically valid ECDSA signature either way.
    const { p256 } = await import('@noble/curves/nist.js')
    const curve = keyType === 'secp256k1' ? secp256k1 : p256
    expect(curve.verify(high, message, signer.publicKey, { lowS: false })).toBe(true)
  })

  it(`a high-S ${keyType} signature with a flipped bit is rejected`, async () => {
    const signer = await generateSigner(keyType)
    const high = negateS(keyType, await signer.sign(message))
    high[40] = (high[40] ?? 0) ^ 0x01
    expect(await verifierFromDid(signer.did()).verify(message, high)).toBe(false)
  })

  it('rejects r = 0, s = 0, r = n and s = n', async () => {
    const signer = await generateSigner(keyType)
    const sig = await signer.sign(message)
    const verifier = verifierFromDid(signer.did())
    const n = be32(ORDER[keyType])
    const zero = new Uint8Array(32)
    for (const bad of [
      Uint8Array.from([...zero, ...sig.subarray(32)]),
      Uint8Array.from([...sig.subarray(0, 32), ...zero]),
      Uint8Array.from([...n, ...sig.subarray(32)]),
      Uint8Array.from([...sig.subarray(0, 32), ...n]),
    ]) {
      expect(await verifier.verify(message, bad)).toBe(false)
    }
  })
})

describe('secp256k1 digest signing (EIP-191)', () => {
  it('signDigest / verifyDigest over a Keccak-256 digest, and recovery', async () => {
    const signer = await generateSigner('secp256k1')
    const digest = keccak_256(message)
    const sig = signer.signDigest(digest)
    expect(sig).toHaveLength(64)
    const verifier = verifierFromDid(signer.did())
    if (!isDigestVerifier(verifier)) throw new Error('a secp256k1 verifier must be a DigestVerifier')
    expect(verifier.verifyDigest(digest, sig)).toBe(true)
    expect(verifier.verifyDigest(keccak_256(Uint8Array.of(1)), sig)).toBe(false)
    expect(verifier.verifyDigest(digest.subarray(1), sig)).toBe(false)
    expect(verifier.verifyDigest(digest, negateS('secp256k1', sig))).toBe(false)
    // The digest signature is not a signature over SHA-256(message).
    expect(await verifier.verify(message, sig)).toBe(false)

    const recovered = [0, 1].map((v) => {
      try {
        return bytesToHex(recoverSecp256k1PublicKey(digest, Uint8Array.from([...sig, 27 + v])))
      } catch {
        return undefined
      }
    })
    expect(recovered).toContain(bytesToHex(signer.publicKey))
  })

  it('recoverSecp256k1PublicKey matches noble recovery, for v in {0,1} and {27,28}', () => {
    const secret = hexToBytes('4646464646464646464646464646464646464646464646464646464646464646')
    const digest = keccak_256(message)
    const rec = secp256k1.sign(digest, secret, { prehash: false, format: 'recovered' }) // recovery byte first
    const rs = rec.subarray(1)
    const v = rec[0] ?? 0
    const expected = bytesToHex(secp256k1.getPublicKey(secret, true))
    expect(bytesToHex(recoverSecp256k1PublicKey(digest, Uint8Array.from([...rs, v])))).toBe(expected)
    expect(bytesToHex(recoverSecp256k1PublicKey(digest, Uint8Array.from([...rs, v + 27])))).toBe(expected)
    expect(bytesToHex(signerFromSecret('secp256k1', secret).signDigest(digest))).toBe(bytesToHex(rs))
  })

  it('recoverSecp256k1PublicKey and signDigest reject bad input with InvalidSignatureError', async () => {
    const signer = await generateSigner('secp256k1')
    const digest = keccak_256(message)
    const sig = signer.signDigest(digest)
    expect(() => signer.signDigest(new Uint8Array(31))).toThrow(InvalidSignatureError)
    expect(() => recoverSecp256k1PublicKey(new Uint8Array(31), Uint8Array.from([...sig, 27]))).toThrow(/32-byte digest/)
    expect(() => recoverSecp256k1PublicKey(digest, sig)).toThrow(/65 bytes/)
    expect(() => recoverSecp256k1PublicKey(digest, Uint8Array.from([...sig, 29]))).toThrow(/0, 1, 27 or 28, got 29/)
    expect(() => recoverSecp256k1PublicKey(digest, Uint8Array.from([...negateS('secp256k1', sig), 27]))).toThrow(
      /high s/,
    )
    expect(() => recoverSecp256k1PublicKey(digest, new Uint8Array(65))).toThrow(InvalidSignatureError)
  })
})

describe('key import errors', () => {
  it('importSigner rejects unknown codecs, bad varints and wrong lengths with InvalidKeyError', () => {
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array(0), /minimal unsigned varint/],
      [Uint8Array.of(0x80), /minimal unsigned varint/],
      [Uint8Array.from([0x80, 0xa6, 0x00, ...new Uint8Array(32).fill(1)]), /minimal unsigned varint/],
      [Uint8Array.from([0xed, 0x01, ...new Uint8Array(32).fill(1)]), /codec 0xed \(ed25519-pub\)/],
      [Uint8Array.from([0x87, 0x26, ...new Uint8Array(48).fill(1)]), /codec 0x1307 \(p384-priv\)/],
      [Uint8Array.from([0x80, 0x26, ...new Uint8Array(31)]), /32 bytes, got 31/],
      [Uint8Array.from([0x80, 0x26, ...new Uint8Array(64)]), /32 bytes, got 64/],
      [Uint8Array.from([0x81, 0x26, ...new Uint8Array(32)]), /\[1, n - 1\]/],
      [Uint8Array.from([0x86, 0x26, ...new Uint8Array(32).fill(0xff)]), /\[1, n - 1\]/],
    ]
    for (const [bytes, message] of cases) {
      expect(() => importSigner(bytes), bytesToHex(bytes)).toThrow(InvalidKeyError)
      expect(() => importSigner(bytes), bytesToHex(bytes)).toThrow(message)
    }
    expect(() => importSigner('gCY=' as unknown as Uint8Array)).toThrow(InvalidKeyError)
  })

  it('signerFromSecret and generateSigner reject unknown key types with InvalidKeyError', async () => {
    expect(() => signerFromSecret('RSA' as KeyType, new Uint8Array(32))).toThrow(InvalidKeyError)
    await expect(generateSigner('P-384' as KeyType)).rejects.toThrow(InvalidKeyError)
  })
})

describe('known-answer vectors', () => {
  it('RFC 8032 §7.1 TEST 1: Ed25519 signature bytes', async () => {
    const signer = signerFromSecret('Ed25519', hexToBytes('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'))
    expect(bytesToHex(signer.publicKey)).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
    expect(bytesToHex(await signer.sign(new Uint8Array(0)))).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    )
  })

  it('UCAN 1.0 fixture principals import to the DIDs that issue the fixture tokens', () => {
    const fixture = readVectorJson<{
      principals: Record<string, string>
      valid: Array<{ envelope: { payload: { iss: string; aud: string } } }>
    }>('ucan-1.0.0/delegation.json')
    const signers: Signer[] = Object.values(fixture.principals).map((b64) =>
      importSigner(new Uint8Array(Buffer.from(b64, 'base64'))),
    )
    const dids = signers.map((s) => s.did())
    expect(signers.every((s) => s.keyType === 'Ed25519')).toBe(true)
    for (const { envelope } of fixture.valid) {
      expect(dids).toContain(envelope.payload.iss)
      expect(dids).toContain(envelope.payload.aud)
      expect(parseDidKey(envelope.payload.iss).keyType).toBe('Ed25519')
    }
    for (const [i, signer] of signers.entries()) {
      expect(Buffer.from(signer.exportSecret()).toString('base64')).toBe(Object.values(fixture.principals)[i])
    }
  })
})
