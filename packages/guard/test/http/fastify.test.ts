/** The Fastify adapter (`fastifyGuard` preHandler) on a Node server, through the shared table. */
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { Readable } from 'node:stream'
import Fastify from 'fastify'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { capchainOf, fastifyErrorHandler, fastifyGuard, nodeHandler } from '../../src/adapters/fastify/index.js'
import type { Guard } from '../../src/http/guard.js'
import { revokeHandler } from '../../src/http/revoke-handler.js'
import { guardMatrix } from './matrix.js'
import type { RunningApp } from './matrix.js'
import { listen, SERVER_MAX_HEADER_BYTES } from './support/listen.js'
import { BoomError, lengthOf, noteBody, notesRoutes, streamChunks } from './support/notes.js'

const idOf = (request: FastifyRequest): string => (request.params as { id?: string }).id ?? ''
const routes = notesRoutes((request: FastifyRequest) => ({ id: idOf(request), length: lengthOf(request.headers['content-length']) }))

async function start(guard: Guard): Promise<RunningApp> {
  let server: Server | undefined
  const app: FastifyInstance = Fastify({
    serverFactory: (handler) => {
      server = createServer({ maxHeaderSize: SERVER_MAX_HEADER_BYTES }, handler)
      return server
    },
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  app.get('/notes/:id', { preHandler: fastifyGuard(guard, routes.read) }, async (request) => noteBody(idOf(request), capchainOf(request)))
  app.put('/notes/:id', { preHandler: fastifyGuard(guard, routes.write) }, async (request, reply) => {
    reply.code(201)
    return { id: idOf(request), size: (request.body as Buffer | undefined)?.byteLength ?? 0 }
  })
  app.get('/stream/:id', { preHandler: fastifyGuard(guard, routes.stream) }, async (_request, reply) => reply.send(Readable.from(streamChunks())))
  app.get('/export/:id', { preHandler: fastifyGuard(guard, routes.export) }, async (_request, reply) => reply.send(Readable.from(streamChunks())))
  app.get('/boom/:id', { preHandler: fastifyGuard(guard, routes.boom) }, async () => {
    throw new BoomError()
  })
  const revoke = nodeHandler(revokeHandler(guard))
  app.post('/revoke', async (request, reply) => {
    reply.hijack()
    await revoke(request.raw, reply.raw)
  })
  // What the service answers for a handler's fault: the guard's problem body (500, ERR_INTERNAL).
  app.setErrorHandler(fastifyErrorHandler(guard))
  await app.ready()
  return listen(server!)
}

guardMatrix('fastify', start)
