import { verifyEip191Signature } from '../envelope/eip191-signature.js'
import { ECDSA_CURVES, ecdsaPublicKeyProblem } from '../principal/ecdsa-curves.js'
import { lowSTwin } from '../principal/ecdsa-signature-rule.js'
import { ecdsaSignerFromSecret, randomEcdsaSecret } from '../principal/ecdsa-signers.js'
import { installEcdsaSupport } from '../principal/ecdsa-support.js'
import { EcdsaVerifier, Secp256k1Verifier } from '../principal/ecdsa-verifier.js'

/**
 * Enable secp256k1 and P-256 did:keys and EIP-191 envelopes everywhere in
 * core (and so in the verifier): parsing, verifying and identifying them,
 * and making signers of those key types.
 * Idempotent. The default entries (`@capchain/core`, its `principal` and
 * `envelope` subpaths, `@capchain/verifier`) call it; a lean bundle that
 * verifies Ed25519 chains only (`@capchain/verifier/lean`) calls it only if
 * it imports this.
 */
export function registerEcdsa(): void {
  installEcdsaSupport({
    publicKeyProblem: (keyType, publicKey) => ecdsaPublicKeyProblem(ECDSA_CURVES[keyType], publicKey),
    createVerifier: (keyType, publicKey, did) =>
      keyType === 'secp256k1' ? new Secp256k1Verifier(publicKey, did) : new EcdsaVerifier(keyType, publicKey, did),
    createSigner: ecdsaSignerFromSecret,
    randomSecret: randomEcdsaSecret,
    p256LowSTwin: (signature) => lowSTwin(ECDSA_CURVES['P-256'], signature),
    verifyEip191: verifyEip191Signature,
  })
}
