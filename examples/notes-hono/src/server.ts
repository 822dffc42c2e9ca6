import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import { listen, NOTES_MAX_HEADER_BYTES } from 'notes-core'
import type { NotesService, RunningServer } from 'notes-core'
import { notesHonoApp } from './app.js'

/** Serve `service` on `host:port` (port 0: any free one), through `@hono/node-server`. */
export function startNotesHono(service: NotesService, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const server = createAdaptorServer({ fetch: notesHonoApp(service).fetch, overrideGlobalObjects: false, serverOptions: { maxHeaderSize: NOTES_MAX_HEADER_BYTES } })
  return listen(server as Server, port, host)
}
