/** `notes-hono`: the notes API example on hono. */
export { notesHonoApp } from './app.js'
export { startNotesHono } from './server.js'
export { NOTES_HONO_PORT } from './port.js'
