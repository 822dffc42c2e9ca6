/**
 * The notes themselves, in memory: each subject (the wallet's did:pkh) has
 * its own notes, so a chain rooted in one wallet never reaches another's.
 */
import type { DID } from '@capchain/core/principal'
import { NoteNotFoundError } from '../errors.js'

export interface Note {
  readonly id: string
  readonly body: Uint8Array
  /** DIDs the owner said may read it: a record, not a grant (the owner's delegation is the grant). */
  readonly sharedWith: readonly DID[]
}

export interface NotesStore {
  /** @throws {NoteNotFoundError} */
  get(owner: DID, id: string): Note
  /** Create or replace the note, keeping who it is shared with. */
  put(owner: DID, id: string, body: Uint8Array): Note
  /**
   * Record that `to` may read the note.
   * @throws {NoteNotFoundError}
   */
  share(owner: DID, id: string, to: DID): Note
}

export function createNotesStore(): NotesStore {
  const notes = new Map<string, Note>()
  // A NUL cannot be in a DID, so owners' key spaces never meet.
  const keyOf = (owner: DID, id: string): string => `${owner}\u0000${id}`
  const get = (owner: DID, id: string): Note => {
    const note = notes.get(keyOf(owner, id))
    if (note === undefined) throw new NoteNotFoundError(id)
    return note
  }
  return {
    get,
    put(owner, id, body) {
      const note = { id, body, sharedWith: notes.get(keyOf(owner, id))?.sharedWith ?? [] }
      notes.set(keyOf(owner, id), note)
      return note
    },
    share(owner, id, to) {
      const note = get(owner, id)
      const shared = note.sharedWith.includes(to) ? note : { ...note, sharedWith: [...note.sharedWith, to] }
      notes.set(keyOf(owner, id), shared)
      return shared
    },
  }
}
