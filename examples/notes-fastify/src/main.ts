/** `pnpm --filter notes-fastify start`: serve a fresh notes service on 127.0.0.1 (`PORT`, default {@link NOTES_FASTIFY_PORT}). */
import { createNotesService } from 'notes-core'
import { NOTES_FASTIFY_PORT } from './port.js'
import { startNotesFastify } from './server.js'

const service = await createNotesService()
const running = await startNotesFastify(service, Number(process.env.PORT ?? NOTES_FASTIFY_PORT))
console.log(`notes (fastify) on ${running.url}, service ${service.guard.config.service}`)
