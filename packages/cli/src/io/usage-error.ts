/** A problem with how the command was called (exit code 2), as opposed to with what it was given. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError'
}

/** An option or argument whose value cannot be read: `--max-size junk`, `--expires soon`. */
export class InvalidOptionValueError extends UsageError {
  override readonly name = 'InvalidOptionValueError'

  /**
   * @param option - the flag or argument, as the user typed it (`--max-size`)
   * @param value - what they gave
   * @param expected - what would have been accepted, for the message
   */
  constructor(
    readonly option: string,
    readonly value: string,
    expected: string,
  ) {
    super(`${option}: ${JSON.stringify(value)} is not ${expected}`)
  }
}
