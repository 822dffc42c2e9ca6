/** Where `start` listens unless `PORT` says otherwise, and where `client` looks by default. */
export const NOTES_HONO_PORT = 8782
