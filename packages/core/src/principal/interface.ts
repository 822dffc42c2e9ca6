/** A DID string. Only its method prefix is checked by the type; parsers check the rest. */
export type DID = `did:${string}`

/** Key types a did:key principal may have. */
export type KeyType = 'Ed25519' | 'secp256k1' | 'P-256'

/**
 * A principal whose signatures we can check: a did:key public key.
 *
 * `verify` uses the key type's standard construction: PureEdDSA for Ed25519,
 * ECDSA over SHA-256 with a raw 64-byte `r || s` signature for secp256k1 and
 * P-256. secp256k1 signatures with a high S are rejected (low-S only);
 * P-256 accepts both (see `ecdsa-signature-rule.ts`).
 */
export interface Verifier {
  readonly keyType: KeyType
  /** Raw public key bytes: 32 for Ed25519, 33 (compressed SEC1) for the ECDSA curves. */
  readonly publicKey: Uint8Array
  did(): DID
  /** Never throws on a bad signature: resolves `false`. */
  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean>
}

/** A secp256k1 verifier can also check a signature over a caller-supplied 32-byte digest (EIP-191 uses Keccak-256). */
export interface DigestVerifier extends Verifier {
  verifyDigest(digest: Uint8Array, signature: Uint8Array): boolean
}

/** A principal that holds its secret key. */
export interface Signer extends Verifier {
  sign(message: Uint8Array): Promise<Uint8Array>
  /** Multikey secret: varint(0x1300 | 0x1301 | 0x1306) followed by the raw secret key. */
  exportSecret(): Uint8Array
  /** The verifier half, without the secret. */
  toVerifier(): Verifier
}

/** A secp256k1 signer can also sign a 32-byte digest (used for EIP-191 personal_sign). */
export interface DigestSigner extends Signer {
  signDigest(digest: Uint8Array): Uint8Array
}
