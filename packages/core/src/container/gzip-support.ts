/**
 * Reading gzip containers (headers M, O, P) as a slot filled by
 * `registerGzip` (`@capchain/core/gzip`). Without it a gzip container is
 * refused, never read another way. The slot keeps the inflater (fflate,
 * about 2 KB gzipped) out of a browser bundle that reads plain containers
 * only; every default entry of core and of the verifier fills it. Writing
 * them (`encodeContainer`) needs no registration: verifiers never write.
 */
import { UnsupportedContainerError } from '../errors.js'

export interface GzipSupport {
  /** Inflate, failing once the output passes `maxOutput` bytes (`gzip.ts`). */
  readonly gunzip: (data: Uint8Array, maxOutput: number) => Uint8Array
}

let installed: GzipSupport | undefined

/** Fill the slot (`registerGzip` does, with core's own implementation). */
export function installGzipSupport(support: GzipSupport): void {
  installed = support
}

/**
 * The registered gzip support.
 * @throws {UnsupportedContainerError} when none is registered
 */
export function requireGzip(): GzipSupport {
  if (installed === undefined) {
    throw new UnsupportedContainerError('gzip containers are not enabled in this build (registerGzip from @capchain/core/gzip)', { at: 'header' })
  }
  return installed
}
