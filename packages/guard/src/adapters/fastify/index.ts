/**
 * `@capchain/guard/fastify`: the guard as a Fastify `preHandler` hook. The
 * handler reads the authorization with `capchainOf(request)`.
 */
import type { FastifyError, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import type { Guard } from '../../http/guard.js'
import type { GuardedAuthorization } from '../../http/guarded.js'
import { problemResponse } from '../../http/problem.js'
import type { GuardedRoute } from '../../http/settlement.js'
import type { ProblemBody } from '../../http/problem.js'
import { responseFailed, settleNodeResponse } from '../node/observed-response.js'

export { nodeHandler } from '../node/fetch-handler.js'

const authorizations = new WeakMap<FastifyRequest, GuardedAuthorization>()

/**
 * A `preHandler` that lets a request reach the route's handler only when
 * the guard allows it for `route` (whose `args` read Fastify's request,
 * params and query parsed). What the handler leaves unsettled is settled by
 * its response: refunded on a throw or a status ≥ 400, charged as `route.charge`
 * says otherwise (settlement.ts).
 */
export function fastifyGuard(guard: Guard, route: GuardedRoute<FastifyRequest>): preHandlerAsyncHookHandler {
  return async function capchainPreHandler(request: FastifyRequest, reply: FastifyReply) {
    // The route's pattern, never the query.
    const observed = guard.observe(request.method, request.routeOptions.url ?? request.url.split('?')[0]!)
    const checked = await guard.check(route, request, request.headers.authorization, observed)
    if (!checked.ok) {
      observed.end(checked.problem.status)
      return sendProblem(reply, checked.problem)
    }
    const { auth } = checked
    authorizations.set(request, auth)
    settleNodeResponse(guard, route, auth, reply.raw, observed)
  }
}

/**
 * A Fastify error handler (`app.setErrorHandler(fastifyErrorHandler(guard))`)
 * answering what a handler threw with the guard's problem body, as every
 * adapter does: a `CapchainError` its code and status, anything else a 500
 * whose text stays in the log. A guarded request's access line gets the code.
 */
export function fastifyErrorHandler(guard: Guard): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> {
  return async (error, request, reply) => {
    const body = await guard.problem(error, undefined, authorizations.get(request)?.links)
    responseFailed(reply.raw, body.code)
    return sendProblem(reply, body)
  }
}

async function sendProblem(reply: FastifyReply, problem: ProblemBody): Promise<FastifyReply> {
  const response = problemResponse(problem)
  reply.code(response.status)
  response.headers.forEach((value, name) => void reply.header(name, value))
  // A Buffer, so Fastify adds no charset: the same bytes and headers as every adapter.
  return reply.send(Buffer.from(await response.arrayBuffer()))
}

/**
 * The authorization of a request `fastifyGuard` let through.
 * @throws {Error} the route has no `fastifyGuard` (a programming error, not a request to deny)
 */
export function capchainOf(request: FastifyRequest): GuardedAuthorization {
  const auth = authorizations.get(request)
  if (auth === undefined) throw new Error('capchainOf: this route is not guarded by fastifyGuard')
  return auth
}
