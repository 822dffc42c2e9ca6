import { base58btc } from 'multiformats/bases/base58'
import { describe, expect, it } from 'vitest'
import { InvalidDidError, InvalidKeyError, UnsupportedDidError } from '../src/errors.js'
import { didKeyFromPublicKey, importSigner, parseDidKey, signerFromSecret } from '../src/principal/index.js'
import type { KeyType } from '../src/principal/index.js'
import { bytesToHex, hexToBytes, readVectorJson } from './vectors.js'

/** One entry of w3c-ccg/did-method-key test-vectors: only the fields we use. */
interface DidKeyVector {
  seed?: string
  verificationKeyPair?: KeyMaterial
  verificationMethod?: KeyMaterial
}
interface KeyMaterial {
  publicKeyBase58?: string
  privateKeyBase58?: string
  publicKeyJwk?: { crv: string; x: string; y?: string }
  privateKeyJwk?: { d: string }
}

const b64url = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'))

/** The vector's public key in did:key form: raw 32 bytes for Ed25519, compressed SEC1 for EC keys. */
function listedPublicKey(material: KeyMaterial): Uint8Array {
  if (material.publicKeyBase58 !== undefined) return base58btc.baseDecode(material.publicKeyBase58)
  const jwk = material.publicKeyJwk
  if (jwk === undefined) throw new Error('vector lists no public key')
  const x = b64url(jwk.x)
  if (jwk.y === undefined) return x
  const y = b64url(jwk.y)
  const odd = ((y[y.length - 1] ?? 0) & 1) === 1
  return Uint8Array.from([odd ? 0x03 : 0x02, ...x])
}

/** The vector's secret key, if listed: seed (hex), privateKeyBase58 or the JWK `d`. */
function listedSecrets(entry: DidKeyVector, material: KeyMaterial): Uint8Array[] {
  const secrets: Uint8Array[] = []
  if (entry.seed !== undefined) secrets.push(hexToBytes(entry.seed))
  if (material.privateKeyBase58 !== undefined) secrets.push(base58btc.baseDecode(material.privateKeyBase58))
  if (material.privateKeyJwk !== undefined) secrets.push(b64url(material.privateKeyJwk.d))
  return secrets
}

const files: Array<[file: string, keyTypeOf: (crv: string | undefined) => KeyType | 'P-384' | 'P-521']> = [
  ['did-key/ed25519-x25519.json', () => 'Ed25519'],
  ['did-key/secp256k1.json', () => 'secp256k1'],
  ['did-key/nist-curves.json', (crv) => (crv === 'P-384' || crv === 'P-521' ? crv : 'P-256')],
]

const rows = files.flatMap(([file, keyTypeOf]) =>
  Object.entries(readVectorJson<Record<string, DidKeyVector>>(file)).map(([did, entry]) => {
    const material = entry.verificationKeyPair ?? entry.verificationMethod
    if (material === undefined) throw new Error(`${file}: ${did} lists no key`)
    return { file, did, entry, material, keyType: keyTypeOf(material.publicKeyJwk?.crv) }
  }),
)

describe('did:key vectors (w3c-ccg/did-method-key)', () => {
  it('has the documented number of keys per type', () => {
    const count = (t: string): number => rows.filter((r) => r.keyType === t).length
    expect([count('Ed25519'), count('secp256k1'), count('P-256'), count('P-384'), count('P-521')]).toEqual([
      5, 6, 3, 2, 2,
    ])
  })

  for (const { did, entry, material, keyType } of rows) {
    if (keyType === 'P-384' || keyType === 'P-521') {
      it(`rejects ${keyType} ${did} with UnsupportedDidError`, () => {
        expect(() => parseDidKey(did)).toThrow(UnsupportedDidError)
        expect(() => parseDidKey(did)).toThrow(keyType === 'P-384' ? /p384-pub/ : /p521-pub/)
      })
      continue
    }
    it(`${keyType} ${did} round-trips`, () => {
      const listed = listedPublicKey(material)
      const parsed = parseDidKey(did)
      expect(parsed.keyType).toBe(keyType)
      expect(bytesToHex(parsed.publicKey)).toBe(bytesToHex(listed))
      expect(didKeyFromPublicKey(keyType, listed)).toBe(did)
      const secrets = listedSecrets(entry, material)
      expect(secrets.length).toBeGreaterThan(0)
      for (const secret of secrets) {
        const signer = signerFromSecret(keyType, secret)
        expect(signer.did()).toBe(did)
        expect(importSigner(signer.exportSecret()).did()).toBe(did)
      }
    })
  }
})

/** A did:key over arbitrary bytes, bypassing our validation: for negative tests. */
const rawDidKey = (bytes: number[] | Uint8Array): string => `did:key:${base58btc.encode(Uint8Array.from(bytes))}`

describe('parseDidKey rejects bad input with typed errors', () => {
  const ed25519Did = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'
  const ed25519Key = parseDidKey(ed25519Did).publicKey
  const p256Did = 'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv'
  const p256Key = parseDidKey(p256Did).publicKey

  const invalid: Array<[name: string, did: string, message: RegExp]> = [
    ['empty string', '', /is not a DID/],
    ['not a DID at all', 'hello', /is not a DID/],
    ['missing method-specific id', 'did:web:', /is not a DID/],
    ['upper-case method', 'did:KEY:z6Mk', /is not a DID/],
    ['did:key with no key', 'did:key:', /base58btc multibase/],
    ['base64url multibase', 'did:key:u7QE', /base58btc multibase \(prefix "z"\), got prefix "u"/],
    ['base58 with a forbidden character (0)', 'did:key:z6Mk0OIl', /not valid base58btc/],
    ['a DID URL with a fragment', `${ed25519Did}#key-1`, /DID URL/],
    ['a DID URL with a path', `${ed25519Did}/path`, /DID URL/],
    ['a version segment', 'did:key:1:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp', /got prefix "1"/],
    ['a truncated varint', rawDidKey([0xed]), /minimal unsigned varint/],
    ['a non-minimal varint (0xed 0x81 0x00)', rawDidKey([0xed, 0x81, 0x00, ...ed25519Key]), /minimal unsigned varint/],
    ['a 31-byte Ed25519 key', rawDidKey([0xed, 0x01, ...ed25519Key.subarray(1)]), /32 bytes, got 31/],
    ['a 33-byte Ed25519 key', rawDidKey([0xed, 0x01, ...ed25519Key, 0]), /32 bytes, got 33/],
    ['a 32-byte P-256 key', rawDidKey([0x80, 0x24, ...p256Key.subarray(1)]), /33 bytes \(compressed\), got 32/],
    ['a P-256 key with prefix 0x05', rawDidKey([0x80, 0x24, 0x05, ...p256Key.subarray(1)]), /0x02 or 0x03/],
    // x = 1 is not the x-coordinate of a P-256 point; x = 5 is not one on secp256k1.
    ['a P-256 x off the curve', rawDidKey([0x80, 0x24, 0x02, ...new Uint8Array(31), 0x01]), /not a point on the curve/],
    ['a P-256 x not below p', rawDidKey([0x80, 0x24, 0x02, ...new Uint8Array(32).fill(0xff)]), /not a point on the curve/],
    ['a secp256k1 x off the curve', rawDidKey([0xe7, 0x01, 0x02, ...new Uint8Array(31), 0x05]), /not a point on the curve/],
    [
      'an Ed25519 y off the curve',
      rawDidKey([0xed, 0x01, 0x02, ...new Uint8Array(31)]),
      /not a point on the curve/,
    ],
    ['the Ed25519 identity (small order)', rawDidKey([0xed, 0x01, 0x01, ...new Uint8Array(31)]), /small-order/],
    [
      'a non-canonical Ed25519 encoding (y = p + 1)',
      rawDidKey([0xed, 0x01, 0xee, ...new Uint8Array(30).fill(0xff), 0x7f]),
      /not canonically encoded/,
    ],
  ]
  for (const [name, did, message] of invalid) {
    it(`${name} → InvalidDidError`, () => {
      expect(() => parseDidKey(did)).toThrow(InvalidDidError)
      expect(() => parseDidKey(did)).toThrow(message)
    })
  }

  it('an uncompressed P-256 or secp256k1 key → InvalidDidError (did:key requires the compressed form)', async () => {
    const { p256 } = await import('@noble/curves/nist.js')
    const { secp256k1 } = await import('@noble/curves/secp256k1.js')
    const p256Full = p256.Point.fromBytes(p256Key).toBytes(false)
    const k1Full = secp256k1.getPublicKey(new Uint8Array(32).fill(7), false)
    for (const did of [rawDidKey([0x80, 0x24, ...p256Full]), rawDidKey([0xe7, 0x01, ...k1Full])]) {
      expect(() => parseDidKey(did)).toThrow(InvalidDidError)
      expect(() => parseDidKey(did)).toThrow(/must be in compressed form/)
    }
  })

  it('an over-long did:key → InvalidDidError before decoding', () => {
    expect(() => parseDidKey(`did:key:z${'1'.repeat(5000)}`)).toThrow(/longer than 2048 characters/)
  })

  it('a non-string → InvalidDidError', () => {
    expect(() => parseDidKey(42 as unknown as string)).toThrow(InvalidDidError)
  })

  const unsupported: Array<[name: string, did: string, message: RegExp]> = [
    ['did:web', 'did:web:example.com', /did:web is not supported/],
    ['did:pkh', 'did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a', /did:pkh is not supported/],
    ['did:plc', 'did:plc:ewvi7nxzyoun6zhxrhs64oiz', /did:plc is not supported/],
    ['X25519 did:key', 'did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW', /0xec \(x25519-pub\)/],
    ['an unknown multicodec', rawDidKey([0x01, ...new Uint8Array(32)]), /multicodec 0x1 is not supported/],
  ]
  for (const [name, did, message] of unsupported) {
    it(`${name} → UnsupportedDidError`, () => {
      expect(() => parseDidKey(did)).toThrow(UnsupportedDidError)
      expect(() => parseDidKey(did)).toThrow(message)
    })
  }

  it('error messages quote at most 80 characters of the input', () => {
    const long = `did:key:u${'a'.repeat(500)}`
    try {
      parseDidKey(long)
      expect.unreachable()
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(200)
      expect((error as InvalidDidError).code).toBe('ERR_DID_INVALID')
    }
  })
})

describe('didKeyFromPublicKey', () => {
  it('rejects bad keys with InvalidKeyError', () => {
    expect(() => didKeyFromPublicKey('Ed25519', new Uint8Array(31))).toThrow(InvalidKeyError)
    expect(() => didKeyFromPublicKey('Ed25519', Uint8Array.from([1, ...new Uint8Array(31)]))).toThrow(/small-order/)
    expect(() => didKeyFromPublicKey('P-256', new Uint8Array(33))).toThrow(/0x02 or 0x03/)
    expect(() => didKeyFromPublicKey('secp256k1', new Uint8Array(65).fill(4))).toThrow(/compressed form/)
    expect(() => didKeyFromPublicKey('P-384' as KeyType, new Uint8Array(49))).toThrow(/unknown key type "P-384"/)
  })
})
