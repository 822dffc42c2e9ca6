/**
 * The notes API on Fastify: each route runs `fastifyGuard` with the
 * route's requirement from notes-core, then the framework-free handler.
 * The guard runs as the route's `onRequest` hook, not `preHandler`:
 * Fastify parses the body between the two, and a write's body must not be
 * read before its chain is checked.
 */
import Fastify from 'fastify'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createServer } from 'node:http'
import { capchainOf, fastifyErrorHandler, fastifyGuard, nodeHandler } from '@capchain/guard/fastify'
import { DISCOVERY_PATH, discoveryHandler, infoHandler, revokeHandler } from '@capchain/guard'
import { lengthOf, MAX_NOTE_BYTES, NOTES_DISCOVERY, NOTES_MAX_HEADER_BYTES, notesRoutes, readNote, shareNote, writeNote } from 'notes-core'
import type { NotesService } from 'notes-core'

const routes = notesRoutes((request: FastifyRequest) => {
  const { to } = request.query as { to?: unknown }
  return {
    id: (request.params as { id?: string }).id ?? '',
    length: lengthOf(request.headers['content-length']),
    to: typeof to === 'string' ? to : undefined,
  }
})

/** The app, ready, on a Node server (`app.server`) with the notes apps' header limit. */
export async function notesFastifyApp({ guard, notes }: NotesService): Promise<FastifyInstance> {
  const app = Fastify({ serverFactory: (handler) => createServer({ maxHeaderSize: NOTES_MAX_HEADER_BYTES }, handler), bodyLimit: MAX_NOTE_BYTES })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  app.get('/notes/:id', { onRequest: fastifyGuard(guard, routes.read) }, async (request) => readNote(notes, capchainOf(request)))
  app.put('/notes/:id', { onRequest: fastifyGuard(guard, routes.write) }, async (request) => {
    return writeNote(notes, capchainOf(request), new Uint8Array((request.body as Buffer | undefined) ?? []))
  })
  app.post('/notes/:id/share', { onRequest: fastifyGuard(guard, routes.share) }, async (request) => shareNote(notes, capchainOf(request)))
  const revoke = nodeHandler(revokeHandler(guard))
  const info = nodeHandler(infoHandler(guard))
  const discovery = nodeHandler(discoveryHandler(guard, NOTES_DISCOVERY))
  // The guard's Fetch handlers write the Node response themselves: Fastify hands it over.
  app.post('/revoke', async (request, reply) => {
    reply.hijack()
    await revoke(request.raw, reply.raw)
  })
  app.get('/info', async (request, reply) => {
    reply.hijack()
    await info(request.raw, reply.raw)
  })
  app.get(DISCOVERY_PATH, async (request, reply) => {
    reply.hijack()
    await discovery(request.raw, reply.raw)
  })
  // A handler's refusal (no such note, a body of another size) or fault: the guard's problem body, its code in the access line.
  app.setErrorHandler(fastifyErrorHandler(guard))
  await app.ready()
  return app
}
