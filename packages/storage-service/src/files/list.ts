import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { PathConflictError } from '../errors.js'
import { isStoredName } from './layout.js'

export interface ListEntry {
  readonly name: string
  readonly path: string
  readonly type: 'file' | 'directory'
  readonly size: number
  /** Unix milliseconds. */
  readonly modified: number
}

/**
 * The entries of a directory, by name; temporary uploads are not listed.
 * @returns `undefined` when there is no such directory
 * @throws {PathConflictError} `target` is a file
 */
export async function listDirectory(target: string, path: string): Promise<ListEntry[] | undefined> {
  let names: string[]
  try {
    names = await readdir(target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    if (code === 'ENOTDIR') throw new PathConflictError(`${path} is a file: read it`)
    throw error
  }
  const prefix = path === '/' ? '' : path
  const entries = await Promise.all(
    names.filter(isStoredName).map(async (name): Promise<ListEntry | undefined> => {
      const info = await stat(join(target, name)).catch(() => undefined)
      if (info === undefined) return undefined // removed while we listed
      const type = info.isDirectory() ? 'directory' : 'file'
      return { name, path: `${prefix}/${name}`, type, size: type === 'file' ? info.size : 0, modified: Math.floor(info.mtimeMs) }
    }),
  )
  return entries.filter((entry): entry is ListEntry => entry !== undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
