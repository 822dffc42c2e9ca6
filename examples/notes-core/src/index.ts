/**
 * `notes-core`: the framework-free part of the notes example apps. The
 * notes store, each route's command and args, the handlers, and the notes
 * service's guard; each framework app only mounts them.
 */
export { LengthRequiredError, NOTES_STATUSES, NoteNotFoundError, NoteSizeMismatchError, NotesError, NoteTooLargeError, ShareTargetError } from './errors.js'
export type { NotesErrorCode } from './errors.js'
export { createNotesStore } from './notes/store.js'
export type { Note, NotesStore } from './notes/store.js'
export { MAX_NOTE_BYTES, NOTES_COMMANDS } from './routes/commands.js'
export { lengthOf, notesRoutes } from './routes/routes.js'
export type { NoteRequest, NotesRoutes } from './routes/routes.js'
export { NOTES_DISCOVERY } from './routes/discovery.js'
export { readNote } from './handlers/read.js'
export { writeNote } from './handlers/write.js'
export { shareNote } from './handlers/share.js'
export { noteView } from './handlers/view.js'
export type { NoteView } from './handlers/view.js'
export { NOTES_DOMAIN } from './service/domain.js'
export { createNotesService } from './service/service.js'
export type { NotesService, NotesServiceOptions } from './service/service.js'
export { listen, NOTES_MAX_HEADER_BYTES } from './server/listen.js'
export type { RunningServer } from './server/listen.js'
