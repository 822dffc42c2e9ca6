import { readFile } from 'node:fs/promises'
import { FileError } from './file-error.js'
import { UsageError } from './usage-error.js'

let stdinRead = false

/**
 * Read a command's input: a file path, or `-` for standard input, which a
 * process can read only once (`--key - --proof -` is refused).
 *
 * @throws {FileError} the file cannot be read
 * @throws {UsageError} standard input was read already
 */
export async function readInput(source: string): Promise<Uint8Array> {
  if (source === '-') {
    if (stdinRead) throw new UsageError('standard input (-) can be read only once')
    stdinRead = true
    return readStdin()
  }
  try {
    return new Uint8Array(await readFile(source))
  } catch (cause) {
    throw new FileError(source, 'read', cause)
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}
