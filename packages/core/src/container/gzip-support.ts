/**
 * Reading and writing gzip containers (headers M, O, P) as a slot filled by
 * `registerGzip` (`@capchain/core/gzip`). Without it a gzip container is
 * refused, never read or written another way. The slot keeps fflate (the
 * inflater and the deflater, about 5 KB gzipped) out of a browser bundle
 * that reads and writes plain containers only; every default entry of core
 * and of the verifier fills it.
 */
import { UnsupportedContainerError } from '../errors.js'

export interface GzipSupport {
  /** Inflate, failing once the output passes `maxOutput` bytes (`gzip.ts`). */
  readonly gunzip: (data: Uint8Array, maxOutput: number) => Uint8Array
  /** Deflate deterministically, for `encodeContainer` (`gzip.ts`). */
  readonly gzip: (data: Uint8Array) => Uint8Array
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
