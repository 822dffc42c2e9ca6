import { registerGzip } from '../gzip/register.js'
export { decodeContainer, canonicalTokenOrder } from './decode.js'
export type { ContainerDecodeOptions, DecodedContainer } from './decode.js'
export { encodeContainer, encodeContainerString } from './encode.js'
export type { ContainerEncodeOptions } from './encode.js'
export { CONTAINER_VARIANTS, MAX_CONTAINER_BYTES, MAX_CONTAINER_TOKENS } from './format.js'
export type { ContainerFormat } from './format.js'

// The default entries read every variant; `@capchain/core/lean` leaves gzip to an explicit registerGzip().
registerGzip()
