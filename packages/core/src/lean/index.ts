/**
 * `@capchain/core/lean`: what a verifier, the client and SIWE need from
 * core, without enabling ECDSA or gzip. Through this entry alone only Ed25519 did:keys are
 * recognised (secp256k1 and P-256 did:keys are `UnsupportedDidError`,
 * EIP-191 envelopes never verify) until `registerEcdsa`
 * (`@capchain/core/ecdsa`) is called, and gzip containers are
 * `UnsupportedContainerError` until `registerGzip` (`@capchain/core/gzip`)
 * is (reading and writing); signers are Ed25519 only until `registerEcdsa`.
 * The default entries (`@capchain/core`, its `principal`, `envelope` and
 * `container` subpaths) call both. `@capchain/verifier/lean`,
 * `@capchain/client` and `@capchain/siwe` are built on it.
 */
export { decodeContainer } from '../container/decode.js'
export { encodeContainer, encodeContainerString } from '../container/encode.js'
export { decodeStrict } from '../cbor/decode-strict.js'
export { encodeDagCbor } from '../cbor/encode.js'
export { dagCborCid, sha256 } from '../hash/sha256.js'
export { KEY_TYPE_OF } from '../envelope/algorithm.js'
export { envelopeIdentity } from '../envelope/identity.js'
export { MAX_TOKEN_BYTES } from '../envelope/limits.js'
export { verifyEnvelopeSignature } from '../envelope/verify.js'
export { didKeyFromPublicKey, parseDidKey } from '../principal/did-key.js'
export { generateSigner, importSigner, signerFromSecret } from '../principal/signer.js'
export { verifierFromDid } from '../principal/cache.js'
