/** The SIWE domain the notes apps trust: the one their users sign in to (a wallet shows it). */
export const NOTES_DOMAIN = 'notes.localhost'
