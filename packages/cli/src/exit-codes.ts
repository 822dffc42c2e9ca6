/** Process exit codes, the same for every command. */
export const EXIT_OK = 0
/** The input was read, and is invalid or not authorized. */
export const EXIT_DENIED = 1
/** The command line itself is wrong: unknown flag, missing argument, unreadable file. */
export const EXIT_USAGE = 2
