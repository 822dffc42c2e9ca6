/** `pnpm --filter notes-hono start`: serve a fresh notes service on 127.0.0.1 (`PORT`, default {@link NOTES_HONO_PORT}). */
import { createNotesService } from 'notes-core'
import { NOTES_HONO_PORT } from './port.js'
import { startNotesHono } from './server.js'

const service = await createNotesService()
const running = await startNotesHono(service, Number(process.env.PORT ?? NOTES_HONO_PORT))
console.log(`notes (hono) on ${running.url}, service ${service.guard.config.service}`)
