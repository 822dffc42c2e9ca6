import { problemResponse } from '@capchain/guard'
import type { Guard } from '@capchain/guard'
import type { MiddlewareHandler } from 'hono'
import type { ServiceEnv } from '../context.js'
import { MethodNotAllowedError } from '../errors.js'

/**
 * `HEAD`, which Hono routes to the `GET` handler and whose body it drops,
 * refused before the guard reads anything: it would be charged (a use, a
 * replay record) and deliver nothing.
 *
 * @param allowed - the methods the route serves, for `Allow`
 */
export function refuseHead(guard: Guard, allowed: string): MiddlewareHandler<ServiceEnv> {
  return async (c, next) => {
    if (c.req.method !== 'HEAD') return next()
    const response = problemResponse(await guard.problem(new MethodNotAllowedError('HEAD', allowed)))
    response.headers.set('allow', allowed)
    return response
  }
}
