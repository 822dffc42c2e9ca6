/** What a command needs from its process, injectable so commands run in tests without spawning. */
export interface CommandContext {
  /** A line of text to standard output. */
  out(text: string): void
  /** A line of text to standard error. */
  err(text: string): void
  /** Bytes to standard output, as they are. */
  write(bytes: Uint8Array): void
  /** Records the exit code; the last one set wins. */
  exit(code: number): void
  /** Whether the user asked for `--json` anywhere on the command line (errors are then JSON too). */
  readonly json: boolean
  /** Whether standard output is a terminal (binary output is then refused). */
  readonly isTerminal: boolean
}
