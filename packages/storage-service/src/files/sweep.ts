/**
 * Temporary upload files left by a crash (the process died between creating
 * one and renaming or removing it) are never finished by anyone. Which ones
 * are orphans depends on who else writes in the directory: in a service's
 * own directory, every one found before it listens; in a directory several
 * instances share, only those no one has written to for longer than a
 * request may last (another instance may be receiving the rest).
 */
import { lstat, readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { TEMPORARY_PREFIX } from './layout.js'

/**
 * Remove every `%upload-*` file under `root` (the files directory) last modified before `before` (unix ms).
 * @returns how many were removed
 * @throws {Error} `root` cannot be read
 */
export async function sweepTemporaries(root: string, before: number): Promise<number> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  const temporaries = entries.filter((entry) => entry.isFile() && entry.name.startsWith(TEMPORARY_PREFIX)).map((entry) => join(entry.parentPath, entry.name))
  const removed = await Promise.all(
    temporaries.map(async (file) => {
      const info = await lstat(file).catch(() => undefined)
      if (info === undefined || info.mtimeMs >= before) return false
      try {
        await unlink(file)
        return true
      } catch (error) {
        // Another instance's sweep, or its upload's own cleanup, removed it meanwhile.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
        throw error
      }
    }),
  )
  return removed.filter(Boolean).length
}
