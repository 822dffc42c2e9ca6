/** `pnpm --filter notes-hono client [url]`: the example client against the app `start` runs. */
import { clientMain } from 'notes-core/client'
import { NOTES_HONO_PORT } from './port.js'

await clientMain(`http://127.0.0.1:${NOTES_HONO_PORT}`)
