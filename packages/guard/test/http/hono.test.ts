/** The Hono adapter (`capchain` middleware) served by `@hono/node-server`, through the shared table. */
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { Server } from 'node:http'
import { capchain } from '../../src/adapters/hono/index.js'
import type { CapchainVariables } from '../../src/adapters/hono/index.js'
import type { Guard } from '../../src/http/guard.js'
import { problemResponse } from '../../src/http/problem.js'
import { revokeHandler } from '../../src/http/revoke-handler.js'
import { guardMatrix } from './matrix.js'
import { listen, SERVER_MAX_HEADER_BYTES } from './support/listen.js'
import { BoomError, lengthOf, noteBody, notesRoutes, streamChunks } from './support/notes.js'

const routes = notesRoutes((c: Context) => ({ id: c.req.param('id') ?? '', length: lengthOf(c.req.header('content-length')) }))

function notesApp(guard: Guard): Hono<{ Variables: CapchainVariables }> {
  const app = new Hono<{ Variables: CapchainVariables }>()
  app.get('/notes/:id', capchain(guard, routes.read), (c) => c.json(noteBody(c.req.param('id'), c.get('capchain'))))
  app.put('/notes/:id', capchain(guard, routes.write), async (c) => c.json({ id: c.req.param('id'), size: (await c.req.arrayBuffer()).byteLength }, 201))
  app.get('/stream/:id', capchain(guard, routes.stream), () => new Response(ReadableStream.from(streamChunks())))
  app.get('/export/:id', capchain(guard, routes.export), () => new Response(ReadableStream.from(streamChunks())))
  app.get('/boom/:id', capchain(guard, routes.boom), () => {
    throw new BoomError()
  })
  // What the service answers for a handler's fault: the guard's problem body (500, ERR_INTERNAL).
  const revoke = revokeHandler(guard)
  app.post('/revoke', (c) => revoke(c.req.raw))
  app.onError(async (error) => problemResponse(await guard.problem(error)))
  return app
}

guardMatrix('hono', (guard) =>
  listen(createAdaptorServer({ fetch: notesApp(guard).fetch, overrideGlobalObjects: false, serverOptions: { maxHeaderSize: SERVER_MAX_HEADER_BYTES } }) as Server),
)
