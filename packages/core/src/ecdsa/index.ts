/**
 * `@capchain/core/ecdsa`: opt in to secp256k1 and P-256 did:keys and
 * EIP-191 envelopes in a lean bundle (principal/ecdsa-support.ts).
 */
export { registerEcdsa } from './register.js'
