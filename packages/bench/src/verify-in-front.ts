/**
 * The guard bench's verify route: one raw Ed25519 verify in front of the
 * open route's handler, as Hono middleware. It reads the `Authorization`
 * header as the guard's Hono middleware does, then checks one of the
 * floor's pre-made invocation signatures with `node:crypto`, and nothing
 * else, timing that verify on the serving thread (verify-timer.ts): one raw
 * verify under the load the guarded routes run under (overhead.ts).
 */
import { verify } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { RawSignature } from './ucan1.js'
import type { VerifyTimer } from './verify-timer.js'

/**
 * Middleware doing exactly one verify per request, the signatures taken in
 * turn, each timed by `timer`.
 *
 * @throws {Error} (per request, answered 500 by Hono) a request without an `Authorization` header, which the
 * bench never sends, or a signature that does not verify (a bench bug)
 */
export function verifyInFront(signatures: readonly RawSignature[], timer: VerifyTimer): MiddlewareHandler {
  let turn = 0
  return async (c, next) => {
    // Compared so the read is used: the guard pays this lookup on every request too.
    if (c.req.header('authorization') === undefined) throw new Error('no Authorization header: the verify route is sent the open route\'s headers')
    const s = signatures[turn]!
    turn = (turn + 1) % signatures.length
    if (!timer.time(() => verify(null, s.message, s.key, s.signature))) throw new Error('raw signature did not verify')
    await next()
  }
}
