import { InvalidSignatureError } from '../errors.js'
import { formatDidKey } from './did-key.js'
import { ECDSA_CURVES } from './ecdsa-curves.js'
import { isLowSSignature } from './ecdsa-signature-rule.js'
import { Secp256k1Verifier } from './ecdsa-verifier.js'
import type { DigestSigner } from './interface.js'
import { BaseSigner } from './signer-base.js'

const curve = ECDSA_CURVES.secp256k1

/**
 * A secp256k1 signer: ECDSA with deterministic k (RFC 6979), raw 64-byte
 * `r || s`, always low S. `sign` hashes with SHA-256; `signDigest` signs a
 * caller-supplied 32-byte digest (EIP-191 personal_sign uses Keccak-256) and
 * returns `r || s` only: callers that need Ethereum's recovery byte compute it
 * themselves (e.g. by trying both with `recoverSecp256k1PublicKey`).
 */
export class Secp256k1Signer extends BaseSigner<Secp256k1Verifier> implements DigestSigner {
  /** @param secret - a 32-byte big-endian scalar in [1, n - 1]. */
  static fromSecret(secret: Uint8Array): Secp256k1Signer {
    const publicKey = curve.noble.getPublicKey(secret, true)
    return new Secp256k1Signer(secret, new Secp256k1Verifier(publicKey, formatDidKey('secp256k1', publicKey)))
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return this.withSecret((secret) =>
      curve.noble.sign(message, secret, { prehash: true, lowS: true, format: 'compact' }),
    )
  }

  /** @throws {InvalidSignatureError} if `digest` is not 32 bytes (nothing is signed). */
  signDigest(digest: Uint8Array): Uint8Array {
    assertDigest(digest)
    return this.withSecret((secret) =>
      curve.noble.sign(digest, secret, { prehash: false, lowS: true, format: 'compact' }),
    )
  }
}

function assertDigest(digest: Uint8Array): void {
  if (!(digest instanceof Uint8Array) || digest.length !== 32) {
    throw new InvalidSignatureError(`expected a 32-byte digest, got ${describeLength(digest)}`)
  }
}

function describeLength(value: unknown): string {
  return value instanceof Uint8Array ? `${value.length} bytes` : typeof value
}

/**
 * Recovers the compressed secp256k1 public key that produced `signature`
 * over `digest` (for SIWE / EIP-191, where the signer is an address, not a key).
 *
 * @param digest - the 32-byte signed digest (for EIP-191: Keccak-256 of the prefixed message).
 * @param signature - 65 bytes `r || s || v` with `v` in {0, 1, 27, 28}; low S only, as everywhere.
 * @returns the 33-byte compressed public key.
 * @throws {InvalidSignatureError} if the digest or signature is malformed, `v` is not a recovery
 *   id, `s` is high, `r`/`s` are out of range, or no key recovers.
 */
export function recoverSecp256k1PublicKey(digest: Uint8Array, signature: Uint8Array): Uint8Array {
  assertDigest(digest)
  if (!(signature instanceof Uint8Array) || signature.length !== 65) {
    throw new InvalidSignatureError(`a recoverable signature is 65 bytes (r || s || v), got ${describeLength(signature)}`)
  }
  const rs = signature.subarray(0, 64)
  const v = signature[64] ?? 0
  const recovery = v >= 27 ? v - 27 : v
  if (recovery !== 0 && recovery !== 1) {
    throw new InvalidSignatureError(`the recovery byte v must be 0, 1, 27 or 28, got ${v}`)
  }
  if (!isLowSSignature(curve, rs)) {
    throw new InvalidSignatureError('the signature has r or s out of range, or a high s (only low-s is accepted)')
  }
  try {
    return curve.noble.Signature.fromBytes(rs, 'compact').addRecoveryBit(recovery).recoverPublicKey(digest).toBytes(true)
  } catch (cause) {
    throw new InvalidSignatureError('no public key recovers from this signature and digest', { cause })
  }
}
