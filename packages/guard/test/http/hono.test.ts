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
import { describe, expect, it } from 'vitest'
import { guardMatrix } from './matrix.js'
import { listen, SERVER_MAX_HEADER_BYTES } from './support/listen.js'
import { BoomError, lengthOf, noteBody, notesRoutes, streamChunks } from './support/notes.js'
import { invoke, notesGuard, signIn } from './support/world.js'

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

describe("hono adapter: the handler's response", () => {
  it("passes a reserved route's response on as the handler made it (Hono's c.res setter would rebuild it around a stream)", async () => {
    const guard = await notesGuard()
    let made: Response | undefined
    const app = new Hono<{ Variables: CapchainVariables }>()
    app.get('/notes/:id', capchain(guard, routes.read), (c) => (made = c.json(noteBody(c.req.param('id'), c.get('capchain')))))
    const { header } = await invoke(guard, await signIn(), { command: '/notes/read', args: { id: 'n1' } })
    const response = await app.request('/notes/n1', { headers: { authorization: header } })
    expect(response.status).toBe(200)
    expect(response).toBe(made)
  })
})
