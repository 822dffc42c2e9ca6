import { nodeBuiltins } from './builtins.js'

/**
 * Write `text` to `path` readable by its owner only (0600) from the moment
 * it exists, and atomically: a temporary file created 0600 in the same
 * directory, flushed to disk, then renamed over `path` (readers see the old
 * content or the new, never a torn file). The directory is created 0700 if
 * missing.
 *
 * @throws {Error} the file system's error (ENOENT, EACCES, …)
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const { fs, path: paths, crypto } = nodeBuiltins()
  const dir = paths.dirname(path)
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
  const temporary = paths.join(dir, `.${paths.basename(path)}.${crypto.randomBytes(6).toString('hex')}.tmp`)
  try {
    const handle = await fs.open(temporary, 'wx', 0o600)
    try {
      await handle.chmod(0o600) // exactly 0600, whatever the umask
      await handle.writeFile(text)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.rename(temporary, path)
  } finally {
    await fs.unlink(temporary).catch(() => undefined)
  }
}

/** The file's text, or `undefined` when it does not exist. @throws {Error} any other file system error */
export async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await nodeBuiltins().fs.readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
