/** What the API answers about a note. */
import type { Note } from '../notes/store.js'

export interface NoteView {
  readonly id: string
  /** The note's bytes as UTF-8 text. */
  readonly text: string
  readonly size: number
  readonly sharedWith: readonly string[]
}

export function noteView(note: Note): NoteView {
  return { id: note.id, text: new TextDecoder().decode(note.body), size: note.body.byteLength, sharedWith: note.sharedWith }
}
