/**
 * Key files on disk: the format (`@capchain/core/key-file`, docs/cli.md
 * "Key files") written 0600 from the moment the file exists, and read from
 * a path or standard input. A file that is not a usable key file is a usage
 * error; the secret is never printed: no message here quotes the file's
 * content.
 */
import { randomBytes } from 'node:crypto'
import { link, open, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Signer } from '@capchain/core'
import { encodeKeyFile, InvalidKeyFileError, parseKeyFile } from '@capchain/core/key-file'
import { FileError } from './file-error.js'
import { readInput } from './read-input.js'
import { UsageError } from './usage-error.js'

/**
 * Write `signer`'s key file at `path`, readable by its owner only (0600)
 * from the moment it exists: the JSON goes to a temporary file created 0600
 * in the same directory, which then takes the final name (a hard link,
 * which fails if `path` exists, or with `force` a rename, which replaces it).
 *
 * @throws {UsageError} `path` exists (without `force`)
 * @throws {FileError} `path` or its directory cannot be written
 */
export async function writeKeyFile(path: string, signer: Signer, options: { force: boolean }): Promise<void> {
  const text = encodeKeyFile(signer)
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writePrivate(temporary, text)
    await (options.force ? rename(temporary, path) : link(temporary, path))
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'EEXIST' && !options.force) throw new UsageError(`${path} already exists; pass --force to replace it`)
    throw new FileError(path, 'write', cause)
  } finally {
    await unlink(temporary).catch(() => undefined)
  }
}

/** Create `path` (which must not exist) with mode 0600, write `text` and flush it to disk. */
async function writePrivate(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600)
  try {
    await handle.chmod(0o600) // exactly 0600, whatever the umask
    await handle.writeFile(text)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Read a key file (or `-` for standard input) and return its signer.
 * `warn` is told when the file is readable by other users.
 *
 * @throws {FileError} the file cannot be read
 * @throws {UsageError} the file is not a key file, or its fields disagree with its secret
 */
export async function readKeyFile(path: string, warn: (text: string) => void): Promise<Signer> {
  const signer = parseKeyFileText(await readInput(path), path)
  if (path !== '-') await warnIfShared(path, warn)
  return signer
}

/**
 * The signer of a key file's bytes; core's refusal becomes a usage error
 * (exit 2, `ERR_USAGE` with `--json`) with the same message.
 *
 * @throws {UsageError} the bytes are not a usable key file
 */
function parseKeyFileText(bytes: Uint8Array, path: string): Signer {
  try {
    return parseKeyFile(new TextDecoder().decode(bytes), path)
  } catch (error) {
    // No `cause`: the text output would print the same message again beneath it.
    if (error instanceof InvalidKeyFileError) throw new UsageError(error.message)
    throw error
  }
}

async function warnIfShared(path: string, warn: (text: string) => void): Promise<void> {
  const { mode } = await stat(path)
  if ((mode & 0o077) !== 0 && process.platform !== 'win32') {
    warn(`warning: the key file ${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}`)
  }
}
