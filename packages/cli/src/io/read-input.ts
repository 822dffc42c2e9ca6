import { readFile } from 'node:fs/promises'
import { UsageError } from './usage-error.js'

/**
 * Read a command's input: a file path, or `-` for standard input.
 *
 * @throws {UsageError} the file cannot be read
 */
export async function readInput(source: string): Promise<Uint8Array> {
  if (source === '-') return readStdin()
  try {
    return new Uint8Array(await readFile(source))
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message
    throw new UsageError(`cannot read ${source}: ${reason}`)
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return new Uint8Array(Buffer.concat(chunks))
}
