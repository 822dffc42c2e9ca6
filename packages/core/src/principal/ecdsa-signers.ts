import { InvalidKeyError } from '../errors.js'
import { ECDSA_CURVES } from './ecdsa-curves.js'
import type { EcdsaKeyType } from './ecdsa-curves.js'
import type { Signer } from './interface.js'
import { P256Signer } from './p256.js'
import { Secp256k1Signer } from './secp256k1.js'

/**
 * A secp256k1 or P-256 signer from a 32-byte secret (its length already checked by `signerFromSecret`).
 * @throws {InvalidKeyError} if the scalar is 0 or not below the group order
 */
export function ecdsaSignerFromSecret(keyType: EcdsaKeyType, secret: Uint8Array): Signer {
  if (!ECDSA_CURVES[keyType].noble.utils.isValidSecretKey(secret)) {
    throw new InvalidKeyError(`a ${keyType} secret key must be a scalar in [1, n - 1]`)
  }
  return keyType === 'secp256k1' ? Secp256k1Signer.fromSecret(secret) : P256Signer.fromSecret(secret)
}

/** A fresh secret scalar for `keyType`, from the platform CSPRNG. */
export function randomEcdsaSecret(keyType: EcdsaKeyType): Uint8Array {
  return ECDSA_CURVES[keyType].noble.utils.randomSecretKey()
}
