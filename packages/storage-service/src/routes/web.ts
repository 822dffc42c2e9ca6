import type { Context } from 'hono'
import { accepts } from 'hono/accepts'
import type { ContentCoding } from '../web/encoded-asset.js'
import type { WebAssets } from '../web/assets.js'

/**
 * Same-origin only: the page's script and style come from this service and
 * nothing else runs, so a stored file can never become a script of the page
 * (downloads are `application/octet-stream`, `nosniff`).
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

/**
 * Browsers keep the files but ask again on every use (`no-cache` with an
 * ETag): a 304 costs a round trip and no body, and a new deployment is seen
 * at once, since the page's names carry no content hash.
 */
const CACHING_HEADERS = { 'cache-control': 'no-cache', vary: 'Accept-Encoding' }

/** `If-None-Match` against our validator: any listed tag, weak or strong, or `*` (RFC 9110 §13.1.2 uses the weak comparison). */
function notModified(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return header.split(',').some((tag) => {
    const trimmed = tag.trim()
    return trimmed === '*' || (trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed) === etag
  })
}

/** `GET /` and `GET /<asset>`: the web page, compressed as the browser accepts (brotli, gzip or none), revalidated by ETag. */
export function webAsset(web: WebAssets, name: string) {
  const file = web.files.get(name)
  return (c: Context) => {
    if (file === undefined) return c.notFound()
    // hono's q-value negotiation; `*` alone gets no coding, the one every client reads.
    const coding = accepts(c, { header: 'Accept-Encoding', supports: ['br', 'gzip'], default: 'identity' }) as ContentCoding
    const etag = file.etags[coding]
    const headers = {
      ...SECURITY_HEADERS,
      ...CACHING_HEADERS,
      etag,
      'content-type': file.type,
      ...(coding === 'identity' ? {} : { 'content-encoding': coding }),
    }
    if (notModified(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers)
    return c.body(file.bodies[coding].slice(), 200, headers)
  }
}
