export { encodeDagCbor } from './encode.js'
export { decodeStrict } from './decode-strict.js'
export type { StrictDecodeOptions } from './decode-strict.js'
export { MAX_CBOR_DEPTH } from './limits.js'
