import { registerEcdsa } from './ecdsa/register.js'
import { registerGzip } from './gzip/register.js'
export * from './errors.js'
export * from './principal/index.js'
export type * from './principal/interface.js'
export * from './varsig/index.js'
export * from './envelope/index.js'
export * from './token/index.js'
export * from './container/index.js'
export { decodeStrict, encodeDagCbor, MAX_CBOR_DEPTH } from './cbor/index.js'
export { dagCborCid, sha256 } from './hash/sha256.js'

// The default entries enable every key type and container variant; `@capchain/core/lean` leaves them to explicit registrations.
registerEcdsa()
registerGzip()
