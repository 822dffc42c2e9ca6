import type { GuardedAuthorization } from '@capchain/guard'
import type { NotesStore } from '../notes/store.js'
import { noteView } from './view.js'
import type { NoteView } from './view.js'

/**
 * `GET /notes/:id`: the subject's note `auth.args.id` (the id the chain
 * allowed, never one read again from the request).
 * @throws {NoteNotFoundError} the subject has no such note
 */
export function readNote(notes: NotesStore, auth: GuardedAuthorization): NoteView {
  return noteView(notes.get(auth.subject, auth.args.id as string))
}
