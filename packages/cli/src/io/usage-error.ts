/** A problem with how the command was called (exit code 2), as opposed to with what it was given. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
