/**
 * Where a run of the CLI writes: the process's own streams from the binary,
 * buffers when a program (a test, a tool embedding the CLI) runs it in its
 * own process.
 */
export interface CliOutput {
  /** Text or bytes to standard output, as they are. */
  stdout(chunk: string | Uint8Array): void
  /** Text to standard error, as it is. */
  stderr(chunk: string): void
  /** Whether standard output is a terminal (binary output is then refused). */
  readonly isTerminal: boolean
}

/** The process's standard output and error. */
export function processOutput(): CliOutput {
  return {
    stdout: (chunk) => process.stdout.write(chunk),
    stderr: (chunk) => process.stderr.write(chunk),
    isTerminal: process.stdout.isTTY === true,
  }
}
