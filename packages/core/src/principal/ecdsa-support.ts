/**
 * The ECDSA key types (secp256k1, P-256) and the EIP-191 envelope, as a slot
 * filled by `registerEcdsa` (`@capchain/core/ecdsa`). Without it only
 * Ed25519 did:keys are recognised and only Ed25519 signers made: an ECDSA
 * key is refused as unsupported, never accepted. The slot keeps the curves
 * (about 13 KB gzipped) out of a browser bundle that verifies or signs with
 * Ed25519 only; every default entry of core and of the verifier fills it.
 */
import type { EcdsaKeyType } from './ecdsa-curves.js'
import type { DID, DigestVerifier, Signer, Verifier } from './interface.js'

export interface EcdsaSupport {
  /** Why `publicKey` is not an acceptable key of type `keyType`, or `undefined` if it is. */
  readonly publicKeyProblem: (keyType: EcdsaKeyType, publicKey: Uint8Array) => string | undefined
  /** A verifier for a key that already passed `publicKeyProblem`. */
  readonly createVerifier: (keyType: EcdsaKeyType, publicKey: Uint8Array, did: DID) => Verifier
  /** A signer from a 32-byte secret; throws `InvalidKeyError` for a scalar outside [1, n − 1] (`ecdsa-signers.ts`). */
  readonly createSigner: (keyType: EcdsaKeyType, secret: Uint8Array) => Signer
  /** A fresh secret scalar for `keyType`. */
  readonly randomSecret: (keyType: EcdsaKeyType) => Uint8Array
  /** The low-S twin of a P-256 signature, when it is high-S (`ecdsa-signature-rule.ts`). */
  readonly p256LowSTwin: (signature: Uint8Array) => Uint8Array | undefined
  /** Check an EIP-191 signature, 64-byte or the wallet's 65-byte form (`envelope/eip191-signature.ts`). */
  readonly verifyEip191: (verifier: DigestVerifier, signedBytes: Uint8Array, signature: Uint8Array) => boolean
}

let installed: EcdsaSupport | undefined

/** The registered ECDSA support, or `undefined` when only Ed25519 is enabled. */
export function ecdsaSupport(): EcdsaSupport | undefined {
  return installed
}

/** Fill the slot (`registerEcdsa` does, with core's own implementation). */
export function installEcdsaSupport(support: EcdsaSupport): void {
  installed = support
}
