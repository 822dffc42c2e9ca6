/** `notes-fastify`: the notes API example on fastify. */
export { notesFastifyApp } from './app.js'
export { startNotesFastify } from './server.js'
export { NOTES_FASTIFY_PORT } from './port.js'
