import { rmdir, stat, unlink } from 'node:fs/promises'
import { PathConflictError } from '../errors.js'

/**
 * Delete a file, or an empty directory.
 * @returns `false` when nothing is at `target`
 * @throws {PathConflictError} a directory that is not empty
 */
export async function removePath(target: string, path: string): Promise<boolean> {
  try {
    const info = await stat(target)
    await (info.isDirectory() ? rmdir(target) : unlink(target))
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return false
    if (code === 'ENOTEMPTY' || code === 'EEXIST') throw new PathConflictError(`${path} is a directory that is not empty`)
    throw error
  }
}
