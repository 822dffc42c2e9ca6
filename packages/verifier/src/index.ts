/**
 * `@capchain/verifier`: verify whole UCAN 1.0 proof chains for an
 * invocation, with typed denials; every did:key type (Ed25519, secp256k1,
 * P-256), EIP-191 envelopes, gzip containers and issuers resolved through
 * DID documents. `@capchain/verifier/lean` is the same API with Ed25519
 * did:keys and plain containers only, for smaller browser bundles.
 */
import { registerEcdsa } from '@capchain/core/ecdsa'
import { registerGzip } from '@capchain/core/gzip'
import { registerDidDocuments } from './resolve/register.js'

export * from './lean.js'

// Before any chain is verified: this entry promises every key type, container variant and resolver.
registerEcdsa()
registerGzip()
registerDidDocuments()
