export { decodeVarsig } from './decode.js'
export { encodeVarsig, HEADER_BYTES } from './encode.js'
export type { VarsigAlgorithm, VarsigEncoding, VarsigHeader } from './interface.js'
