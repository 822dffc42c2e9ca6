/** The commands of the notes API, under the `/notes` prefix it owns: granting `/notes` grants all three. */
export const NOTES_COMMANDS = {
  read: '/notes/read',
  write: '/notes/write',
  share: '/notes/share',
} as const

/** The most bytes a note may have: a write is refused over it before its chain is read. */
export const MAX_NOTE_BYTES = 64 * 1024
