/** Where `start` listens unless `PORT` says otherwise, and where `client` looks by default. */
export const NOTES_EXPRESS_PORT = 8781
