import type { GuardedAuthorization } from '@capchain/guard'
import { NoteSizeMismatchError } from '../errors.js'
import type { NotesStore } from '../notes/store.js'
import { noteView } from './view.js'
import type { NoteView } from './view.js'

/**
 * `PUT /notes/:id`: store `body` as the subject's note `auth.args.id`. The
 * guard reserved the stated `size`; a body of another size is refused here
 * (the chain cannot see the body), and the refusal gives the reservation back.
 * @throws {NoteSizeMismatchError} the body is not `auth.args.size` bytes
 */
export function writeNote(notes: NotesStore, auth: GuardedAuthorization, body: Uint8Array): NoteView {
  const size = auth.args.size as number
  if (body.byteLength !== size) throw new NoteSizeMismatchError(size, body.byteLength)
  return noteView(notes.put(auth.subject, auth.args.id as string, body))
}
