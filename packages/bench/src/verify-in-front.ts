/**
 * The guard bench's verify routes: raw Ed25519 verifies in front of the
 * open route's handler, as Hono middleware. It reads the `Authorization`
 * header as the guard's Hono middleware does, then checks `count` of the
 * floor's pre-made invocation signatures with `node:crypto`, and nothing
 * else, so two verifies in front cost one verify more than one in front,
 * under the load the guarded routes run under (overhead.ts).
 */
import { verify } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { RawSignature } from './ucan1.js'

/**
 * Middleware doing exactly `count` verifies per request, the signatures
 * taken in turn.
 *
 * @throws {Error} (per request, answered 500 by Hono) a request without an `Authorization` header, which the
 * bench never sends, or a signature that does not verify (a bench bug)
 */
export function verifiesInFront(signatures: readonly RawSignature[], count: number): MiddlewareHandler {
  let turn = 0
  return async (c, next) => {
    // Compared so the read is used: the guard pays this lookup on every request too.
    if (c.req.header('authorization') === undefined) throw new Error('no Authorization header: the verify route is sent the open route\'s headers')
    for (let i = 0; i < count; i++) {
      const s = signatures[turn]!
      turn = (turn + 1) % signatures.length
      if (!verify(null, s.message, s.key, s.signature)) throw new Error('raw signature did not verify')
    }
    await next()
  }
}
