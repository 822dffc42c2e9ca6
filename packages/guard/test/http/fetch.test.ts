/** The Fetch adapter (`withGuard`) served by `@hono/node-server`, through the shared table, plus the service helpers. */
import { createAdaptorServer } from '@hono/node-server'
import type { Server } from 'node:http'
import { describe, expect, it } from 'vitest'
import { withGuard } from '../../src/adapters/fetch/index.js'
import type { Guard } from '../../src/http/guard.js'
import { discoveryHandler, infoHandler } from '../../src/http/info.js'
import { revokeHandler } from '../../src/http/revoke-handler.js'
import { guardMatrix } from './matrix.js'
import { listen, SERVER_MAX_HEADER_BYTES } from './support/listen.js'
import { BoomError, lengthOf, noteBody, notesRoutes, streamChunks } from './support/notes.js'
import { notesGuard } from './support/world.js'

const routes = notesRoutes((request: Request) => ({
  id: decodeURIComponent(new URL(request.url).pathname.split('/')[2] ?? ''),
  length: lengthOf(request.headers.get('content-length')),
}))

function notesApp(guard: Guard): (request: Request) => Promise<Response> {
  const read = withGuard(guard, routes.read, async (request, auth) => Response.json(noteBody(idOf(request), auth)))
  const write = withGuard(guard, routes.write, async (request) => {
    const body = await request.arrayBuffer()
    return Response.json({ id: idOf(request), size: body.byteLength }, { status: 201 })
  })
  const stream = withGuard(guard, routes.stream, async () => new Response(ReadableStream.from(streamChunks())))
  const exported = withGuard(guard, routes.export, async () => new Response(ReadableStream.from(streamChunks())))
  const boom = withGuard(guard, routes.boom, async () => {
    throw new BoomError()
  })
  const revoke = revokeHandler(guard)
  const info = infoHandler(guard)
  const discovery = discoveryHandler(guard, [
    { method: 'GET', path: '/notes/:id', command: routes.read.command },
    { method: 'PUT', path: '/notes/:id', command: routes.write.command },
  ])
  return async (request) => {
    const [, prefix] = new URL(request.url).pathname.split('/')
    if (request.method === 'POST' && prefix === 'revoke') return revoke(request)
    if (prefix === 'info') return info(request)
    if (prefix === '.well-known') return discovery(request)
    if (prefix === 'notes') return request.method === 'PUT' ? write(request) : read(request)
    if (prefix === 'stream') return stream(request)
    if (prefix === 'export') return exported(request)
    if (prefix === 'boom') return boom(request)
    return new Response(null, { status: 404 })
  }
}

function idOf(request: Request): string {
  return decodeURIComponent(new URL(request.url).pathname.split('/')[2] ?? '')
}

async function start(guard: Guard) {
  const app = notesApp(guard)
  return listen(createAdaptorServer({ fetch: app, overrideGlobalObjects: false, serverOptions: { maxHeaderSize: SERVER_MAX_HEADER_BYTES } }) as Server)
}

guardMatrix('fetch', start)

describe('fetch: the service helpers', () => {
  it('GET /info and the discovery document name the service, its root formats, limits and routes', async () => {
    const guard = await notesGuard()
    const app = await start(guard)
    try {
      const info = await (await fetch(`${app.url}/info`)).json()
      expect(info).toMatchObject({ did: guard.config.service, authorization: 'UCAN <container>', rootFormats: ['SIWE (CAIP-74 CACAO)'], limits: { maxHeaderBytes: 65536 } })
      const discovery = await (await fetch(`${app.url}/.well-known/capchain`)).json()
      expect(discovery).toMatchObject({ did: guard.config.service, revoke: { method: 'POST', path: '/revoke', command: '/ucan/revoke' } })
      expect(discovery.routes).toEqual([
        { method: 'GET', path: '/notes/:id', command: '/notes/read' },
        { method: 'PUT', path: '/notes/:id', command: '/notes/write' },
      ])
    } finally {
      await app.close()
    }
  })
})
