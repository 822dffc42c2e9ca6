/** What a command needs from its process, injectable so commands run in tests without spawning. */
export interface CommandContext {
  out(text: string): void
  err(text: string): void
  /** Records the exit code; the last one set wins. */
  exit(code: number): void
  /** Whether the user asked for `--json` anywhere on the command line (errors are then JSON too). */
  readonly json: boolean
}
