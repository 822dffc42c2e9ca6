import { createServer } from 'node:http'
import { listen, NOTES_MAX_HEADER_BYTES } from 'notes-core'
import type { NotesService, RunningServer } from 'notes-core'
import { notesExpressApp } from './app.js'

/** Serve `service` on `host:port` (port 0: any free one). */
export function startNotesExpress(service: NotesService, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  return listen(createServer({ maxHeaderSize: NOTES_MAX_HEADER_BYTES }, notesExpressApp(service)), port, host)
}
