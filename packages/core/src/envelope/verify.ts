import type { DigestVerifier, Verifier } from '../principal/interface.js'
import type { Envelope } from '../token/interface.js'
import { KEY_TYPE_OF } from './algorithm.js'
import { eip191Digest } from './eip191.js'

/**
 * Check an envelope's signature over its signed payload bytes.
 *
 * Security policy: the varsig header is part of the signed bytes and must
 * fit the key type of the issuer (no algorithm substitution); EIP-191
 * signatures must be the 64-byte `r || s` form: accepting the wallet's
 * 65-byte form too would give one signed token two byte encodings, two CIDs,
 * and so a way around replay protection keyed by CID.
 *
 * Resolves `false` for any signature that does not verify; never throws for one.
 */
export async function verifyEnvelopeSignature(envelope: Envelope, verifier: Verifier): Promise<boolean> {
  const { header, signature, signedBytes } = envelope
  if (KEY_TYPE_OF[header.alg] !== verifier.keyType) return false
  if (header.alg === 'EIP191') {
    if (signature.length !== 64 || !isDigestVerifier(verifier)) return false
    return verifier.verifyDigest(eip191Digest(signedBytes), signature)
  }
  return verifier.verify(signedBytes, signature)
}

function isDigestVerifier(verifier: Verifier): verifier is DigestVerifier {
  return typeof (verifier as Partial<DigestVerifier>).verifyDigest === 'function'
}
