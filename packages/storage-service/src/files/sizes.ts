import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { isStoredName } from './layout.js'

/**
 * The bytes of every stored file under `root` (temporary uploads are counted as in flight instead).
 * @throws {Error} `root` exists but cannot be read
 */
export async function storedBytes(root: string): Promise<number> {
  let entries
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  const sizes = await Promise.all(
    entries.filter((entry) => entry.isFile() && isStoredName(entry.name)).map((entry) => fileSize(join(entry.parentPath, entry.name))),
  )
  return sizes.reduce((total, size) => total + size, 0)
}

/**
 * The size of the file at `path`; 0 when there is none (or a directory).
 * @throws {Error} `path` cannot be examined
 */
export async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path)
    return info.isFile() ? info.size : 0
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return 0
    throw error
  }
}
