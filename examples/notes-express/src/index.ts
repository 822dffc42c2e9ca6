/** `notes-express`: the notes API example on express. */
export { notesExpressApp } from './app.js'
export { startNotesExpress } from './server.js'
export { NOTES_EXPRESS_PORT } from './port.js'
