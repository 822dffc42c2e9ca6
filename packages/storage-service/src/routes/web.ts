import type { Context } from 'hono'
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
  'cache-control': 'no-store',
}

/** `GET /` and `GET /<asset>`: the web page. */
export function webAsset(web: WebAssets, name: string) {
  const file = web.files.get(name)
  return (c: Context) => {
    if (file === undefined) return c.notFound()
    return c.body(file.body.slice(), 200, { ...SECURITY_HEADERS, 'content-type': file.type })
  }
}
