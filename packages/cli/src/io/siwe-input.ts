import { readInput } from './read-input.js'

/**
 * A SIWE message from a file or `-`. One final line feed is dropped: a SIWE
 * message never ends with one (its last line has none), while text files
 * and `echo` usually add one. Anything else is kept byte for byte, since
 * the signature covers the exact text.
 *
 * @throws {UsageError} the file cannot be read
 */
export async function readSiweMessage(source: string): Promise<string> {
  const text = new TextDecoder().decode(await readInput(source))
  return text.endsWith('\n') ? text.slice(0, -1) : text
}
