import { ecdsaSupport } from '../principal/ecdsa-support.js'
import type { DigestVerifier, Verifier } from '../principal/interface.js'
import type { Envelope } from '../token/interface.js'
import { KEY_TYPE_OF } from './algorithm.js'

/**
 * Check an envelope's signature over its signed payload bytes.
 *
 * Security policy: the varsig header is part of the signed bytes and must
 * fit the key type of the issuer (no algorithm substitution); EIP-191
 * signatures may be the 64-byte `r || s` or the wallet's 65-byte
 * `r || s || v` (`eip191-signature.ts`): both are one statement, given one
 * identity by `envelopeIdentity`, so replay protection and revocation keyed
 * by identity see one token.
 *
 * Resolves `false` for any signature that does not verify; never throws for one.
 */
export async function verifyEnvelopeSignature(envelope: Envelope, verifier: Verifier): Promise<boolean> {
  const { header, signature, signedBytes } = envelope
  if (KEY_TYPE_OF[header.alg] !== verifier.keyType) return false
  if (header.alg === 'EIP191') {
    if (!isDigestVerifier(verifier)) return false
    // A digest verifier without ECDSA support registered is not core's: refuse.
    return ecdsaSupport()?.verifyEip191(verifier, signedBytes, signature) ?? false
  }
  return verifier.verify(signedBytes, signature)
}

function isDigestVerifier(verifier: Verifier): verifier is DigestVerifier {
  return typeof (verifier as Partial<DigestVerifier>).verifyDigest === 'function'
}
