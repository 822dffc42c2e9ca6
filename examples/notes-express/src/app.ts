/**
 * The notes API on Express: each route is `expressGuard` with the route's
 * requirement from notes-core, then the framework-free handler. The body
 * of a write is read only after the guard allowed it.
 */
import express from 'express'
import type { Request } from 'express'
import { capchainOf, expressErrorHandler, expressGuard, nodeHandler } from '@capchain/guard/express'
import { DISCOVERY_PATH, discoveryHandler, infoHandler, revokeHandler } from '@capchain/guard'
import { lengthOf, MAX_NOTE_BYTES, NOTES_DISCOVERY, notesRoutes, readNote, shareNote, writeNote } from 'notes-core'
import type { NotesService } from 'notes-core'

const routes = notesRoutes((req: Request) => ({
  id: String(req.params.id ?? ''),
  length: lengthOf(req.headers['content-length']),
  to: typeof req.query.to === 'string' ? req.query.to : undefined,
}))

export function notesExpressApp({ guard, notes }: NotesService): express.Express {
  const app = express()
  app.get('/notes/:id', expressGuard(guard, routes.read), (_req, res) => void res.json(readNote(notes, capchainOf(res))))
  app.put('/notes/:id', expressGuard(guard, routes.write), express.raw({ type: () => true, limit: MAX_NOTE_BYTES }), (req, res) => {
    res.json(writeNote(notes, capchainOf(res), new Uint8Array(req.body as Buffer)))
  })
  app.post('/notes/:id/share', expressGuard(guard, routes.share), (_req, res) => void res.json(shareNote(notes, capchainOf(res))))
  app.post('/revoke', nodeHandler(revokeHandler(guard)))
  app.get('/info', nodeHandler(infoHandler(guard)))
  app.get(DISCOVERY_PATH, nodeHandler(discoveryHandler(guard, NOTES_DISCOVERY)))
  // A handler's refusal (no such note, a body of another size) or fault: the guard's problem body, its code in the access line.
  app.use(expressErrorHandler(guard))
  return app
}
