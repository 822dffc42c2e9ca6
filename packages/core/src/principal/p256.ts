import { formatDidKey } from './did-key.js'
import { ECDSA_CURVES } from './ecdsa-curves.js'
import { EcdsaVerifier } from './ecdsa-verifier.js'
import { BaseSigner } from './signer-base.js'

const curve = ECDSA_CURVES['P-256']

/** A P-256 signer: ECDSA over SHA-256, deterministic k (RFC 6979), raw 64-byte `r || s`, always low S. */
export class P256Signer extends BaseSigner<EcdsaVerifier> {
  /** @param secret - a 32-byte big-endian scalar in [1, n - 1]. */
  static fromSecret(secret: Uint8Array): P256Signer {
    const publicKey = curve.noble.getPublicKey(secret, true)
    return new P256Signer(secret, new EcdsaVerifier('P-256', publicKey, formatDidKey('P-256', publicKey)))
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return this.withSecret((secret) =>
      curve.noble.sign(message, secret, { prehash: true, lowS: true, format: 'compact' }),
    )
  }
}
