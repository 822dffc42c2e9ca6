/** `pnpm --filter notes-express start`: serve a fresh notes service on 127.0.0.1 (`PORT`, default {@link NOTES_EXPRESS_PORT}). */
import { createNotesService } from 'notes-core'
import { NOTES_EXPRESS_PORT } from './port.js'
import { startNotesExpress } from './server.js'

const service = await createNotesService()
const running = await startNotesExpress(service, Number(process.env.PORT ?? NOTES_EXPRESS_PORT))
console.log(`notes (express) on ${running.url}, service ${service.guard.config.service}`)
