import type { DID } from '@capchain/core/principal'
import type { GuardedAuthorization } from '@capchain/guard'
import type { NotesStore } from '../notes/store.js'
import { noteView } from './view.js'
import type { NoteView } from './view.js'

/**
 * `POST /notes/:id/share?to=<did>`: record that `auth.args.to` may read the
 * subject's note `auth.args.id`. The record grants nothing: what lets `to`
 * read is a `/notes/read` delegation the owner signs on the client (see the
 * README), so the server never holds a power the owner did not sign.
 * @throws {NoteNotFoundError} the subject has no such note
 */
export function shareNote(notes: NotesStore, auth: GuardedAuthorization): NoteView {
  return noteView(notes.share(auth.subject, auth.args.id as string, auth.args.to as DID))
}
