import { gunzipBounded, gzip } from '../container/gzip.js'
import { installGzipSupport } from '../container/gzip-support.js'

/**
 * Enable reading and writing gzip containers (headers M, O, P) everywhere in
 * core (and so in the verifier), inflation bounded as always. Idempotent. The default
 * entries (`@capchain/core`, its `container` subpath, `@capchain/verifier`)
 * call it; a lean bundle (`@capchain/verifier/lean`) calls it only if it
 * imports this.
 */
export function registerGzip(): void {
  installGzipSupport({ gunzip: gunzipBounded, gzip })
}
