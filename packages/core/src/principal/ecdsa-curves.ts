/**
 * The two ECDSA curves of did:key principals, and their public-key rule.
 *
 * Policy: public keys are 33-byte compressed SEC1 points (the did:key spec
 * uses the compressed form for secp256k1 and P-256; the uncompressed 65-byte
 * form is rejected so that each key has one DID), and must decode to a point
 * on the curve. Both curves have cofactor 1, so every such point is a valid key.
 */
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js'
import { p256 } from '@noble/curves/nist.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import type { KeyType } from './interface.js'

export type EcdsaKeyType = Exclude<KeyType, 'Ed25519'>

export interface EcdsaCurve {
  readonly keyType: EcdsaKeyType
  readonly noble: ECDSA
  /** The group order n. */
  readonly order: bigint
  /** DER SubjectPublicKeyInfo header for a compressed point on this curve; the 33 key bytes follow. */
  readonly spkiPrefix: Uint8Array
  /** Whether a signature must have a low S (`ecdsa-signature-rule.ts`). */
  readonly lowSOnly: boolean
}

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16))

export const ECDSA_CURVES: Readonly<Record<EcdsaKeyType, EcdsaCurve>> = {
  secp256k1: {
    keyType: 'secp256k1',
    noble: secp256k1,
    order: secp256k1.Point.Fn.ORDER,
    // SEQUENCE { SEQUENCE { id-ecPublicKey, secp256k1 }, BIT STRING (33 bytes) }
    spkiPrefix: hex('3036301006072a8648ce3d020106052b8104000a032200'),
    // Ethereum (EIP-2) and Bitcoin (BIP 62/146) require low S; so do we.
    lowSOnly: true,
  },
  'P-256': {
    keyType: 'P-256',
    noble: p256,
    order: p256.Point.Fn.ORDER,
    // SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING (33 bytes) }
    spkiPrefix: hex('3039301306072a8648ce3d020106082a8648ce3d030107032200'),
    // WebCrypto never normalises S, and neither UCAN 1.0 nor varsig asks for it.
    lowSOnly: false,
  },
}

const ECDSA_PUBLIC_KEY_LENGTH = 33

/** Why `publicKey` is not an acceptable key on `curve`, or `undefined` if it is. */
export function ecdsaPublicKeyProblem(curve: EcdsaCurve, publicKey: Uint8Array): string | undefined {
  const name = `a ${curve.keyType} public key`
  if (!(publicKey instanceof Uint8Array)) return `${name} must be a Uint8Array`
  if (publicKey.length === 65 && publicKey[0] === 0x04) {
    return `${name} must be in compressed form (33 bytes), got the uncompressed 65-byte form`
  }
  if (publicKey.length !== ECDSA_PUBLIC_KEY_LENGTH) {
    return `${name} is ${ECDSA_PUBLIC_KEY_LENGTH} bytes (compressed), got ${publicKey.length}`
  }
  if (publicKey[0] !== 0x02 && publicKey[0] !== 0x03) {
    return `${name} must start with 0x02 or 0x03 (compressed), got 0x${(publicKey[0] ?? 0).toString(16).padStart(2, '0')}`
  }
  try {
    curve.noble.Point.fromBytes(publicKey).assertValidity()
  } catch {
    return `${name} is not a point on the curve`
  }
  return undefined
}
