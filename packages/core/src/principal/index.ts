/**
 * did:key principals: parse and format DIDs, verify signatures, sign.
 *
 * Acceptance rules (each stated in full where it is implemented):
 * - Ed25519: strict RFC 8032, cofactorless, `S < L`, canonical `R` and `A`,
 *   `A` in the prime-order subgroup; identical on every backend (`ed25519/rules.ts`).
 * - secp256k1 and P-256: ECDSA over SHA-256, raw 64-byte `r || s`, low S only on secp256k1 (`ecdsa-signature-rule.ts`).
 */
import { registerEcdsa } from '../ecdsa/register.js'
export type { DID, DigestSigner, DigestVerifier, KeyType, Signer, Verifier } from './interface.js'
export { VERIFIER_CACHE_SIZE, verifierFromDid } from './cache.js'
export { MAX_DID_KEY_LENGTH, didKeyFromPublicKey, parseDidKey } from './did-key.js'
export type { ParsedDidKey } from './did-key.js'
export { ecdsaBackends } from './ecdsa-backends.js'
export type { EcdsaBackend, EcdsaBackendName } from './ecdsa-backends.js'
export type { EcdsaKeyType } from './ecdsa-curves.js'
export { ed25519Backends, getEd25519Backend, setEd25519Backend } from './ed25519/backends.js'
export type { Ed25519Backend, Ed25519BackendName } from './ed25519/backends.js'
export { recoverSecp256k1PublicKey } from './secp256k1.js'
export { generateSigner, importSigner, signerFromSecret } from './signer.js'
export { isDigestVerifier } from './digest-verifier.js'

// The default entries enable every key type; `@capchain/core/lean` leaves ECDSA to an explicit registerEcdsa().
registerEcdsa()
