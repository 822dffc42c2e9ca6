/**
 * `@capchain/core/gzip`: opt in to gzip containers in a lean bundle
 * (container/gzip-support.ts).
 */
export { registerGzip } from './register.js'
