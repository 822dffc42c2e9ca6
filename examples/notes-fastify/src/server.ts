import { listen } from 'notes-core'
import type { NotesService, RunningServer } from 'notes-core'
import { notesFastifyApp } from './app.js'

/** Serve `service` on `host:port` (port 0: any free one). */
export async function startNotesFastify(service: NotesService, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  return listen((await notesFastifyApp(service)).server, port, host)
}
