/**
 * `@capchain/verifier`: verify whole UCAN 1.0 proof chains for an
 * invocation, with typed denials; every did:key type (Ed25519, secp256k1,
 * P-256) and EIP-191 envelopes. `@capchain/verifier/lean` is the same API
 * with Ed25519 only, for smaller browser bundles.
 */
import { registerEcdsa } from '@capchain/core/ecdsa'

export * from './lean.js'

// Before any chain is verified: this entry promises every key type.
registerEcdsa()
