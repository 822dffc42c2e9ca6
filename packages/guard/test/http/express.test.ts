/** The Express adapter (`expressGuard` middleware) on a Node server, through the shared table. */
import { createServer } from 'node:http'
import { Readable } from 'node:stream'
import express from 'express'
import type { Request } from 'express'
import { capchainOf, expressErrorHandler, expressGuard, nodeHandler } from '../../src/adapters/express/index.js'
import type { Guard } from '../../src/http/guard.js'
import { revokeHandler } from '../../src/http/revoke-handler.js'
import { guardMatrix } from './matrix.js'
import { listen, SERVER_MAX_HEADER_BYTES } from './support/listen.js'
import { BoomError, lengthOf, noteBody, notesRoutes, streamChunks } from './support/notes.js'

const routes = notesRoutes((req: Request) => ({ id: String(req.params.id ?? ''), length: lengthOf(req.headers['content-length']) }))

function notesApp(guard: Guard): express.Express {
  const app = express()
  app.get('/notes/:id', expressGuard(guard, routes.read), (req, res) => void res.json(noteBody(String(req.params.id), capchainOf(res))))
  app.put('/notes/:id', expressGuard(guard, routes.write), express.raw({ type: () => true }), (req, res) => {
    res.status(201).json({ id: req.params.id, size: (req.body as Buffer).byteLength })
  })
  app.get('/stream/:id', expressGuard(guard, routes.stream), (_req, res) => void Readable.from(streamChunks()).pipe(res))
  app.get('/export/:id', expressGuard(guard, routes.export), (_req, res) => void Readable.from(streamChunks()).pipe(res))
  app.get('/boom/:id', expressGuard(guard, routes.boom), () => {
    throw new BoomError()
  })
  app.post('/revoke', nodeHandler(revokeHandler(guard)))
  // What the service answers for a handler's fault: the guard's problem body (500, ERR_INTERNAL).
  app.use(expressErrorHandler(guard))
  return app
}

guardMatrix('express', (guard) => listen(createServer({ maxHeaderSize: SERVER_MAX_HEADER_BYTES }, notesApp(guard))))
