/**
 * The notes API on Hono: each route is the `capchain` middleware with the
 * route's requirement from notes-core, then the framework-free handler.
 * The body of a write is read only after the guard allowed it.
 */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { capchain } from '@capchain/guard/hono'
import type { CapchainVariables } from '@capchain/guard/hono'
import { DISCOVERY_PATH, discoveryHandler, infoHandler, problemResponse, revokeHandler } from '@capchain/guard'
import { lengthOf, NOTES_DISCOVERY, notesRoutes, readNote, shareNote, writeNote } from 'notes-core'
import type { NotesService } from 'notes-core'

const routes = notesRoutes((c: Context) => ({ id: c.req.param('id') ?? '', length: lengthOf(c.req.header('content-length')), to: c.req.query('to') }))

export function notesHonoApp({ guard, notes }: NotesService): Hono<{ Variables: CapchainVariables }> {
  const app = new Hono<{ Variables: CapchainVariables }>()
  app.get('/notes/:id', capchain(guard, routes.read), (c) => c.json(readNote(notes, c.get('capchain'))))
  app.put('/notes/:id', capchain(guard, routes.write), async (c) => c.json(writeNote(notes, c.get('capchain'), new Uint8Array(await c.req.arrayBuffer()))))
  app.post('/notes/:id/share', capchain(guard, routes.share), (c) => c.json(shareNote(notes, c.get('capchain'))))
  const revoke = revokeHandler(guard)
  const info = infoHandler(guard)
  const discovery = discoveryHandler(guard, NOTES_DISCOVERY)
  app.post('/revoke', (c) => revoke(c.req.raw))
  app.get('/info', (c) => info(c.req.raw))
  app.get(DISCOVERY_PATH, (c) => discovery(c.req.raw))
  // A handler's refusal (no such note, a body of another size) or fault: the guard's problem body.
  app.onError(async (error) => problemResponse(await guard.problem(error)))
  return app
}
