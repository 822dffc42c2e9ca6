/**
 * Temporary upload files left by a crash (the process died between creating
 * one and renaming or removing it) are never finished by anyone: removed when
 * the service starts, before it accepts a request, so none of them can be an
 * upload in flight.
 */
import { readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { TEMPORARY_PREFIX } from './layout.js'

/**
 * Remove every `%upload-*` file under `root` (the files directory).
 * @returns how many were removed
 * @throws {Error} `root` cannot be read
 */
export async function sweepTemporaries(root: string): Promise<number> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  const temporaries = entries.filter((entry) => entry.isFile() && entry.name.startsWith(TEMPORARY_PREFIX))
  await Promise.all(temporaries.map((entry) => unlink(join(entry.parentPath, entry.name))))
  return temporaries.length
}
