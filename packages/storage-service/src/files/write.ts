/**
 * A streamed, atomic upload: the body goes to a temporary file in the
 * target's directory as it arrives (never buffered whole), counted against
 * the declared size; then the file is flushed to disk, the caller's last
 * check runs (`beforeCommit`), the file is renamed over the target, and the
 * directory flushed. On any failure (more bytes than
 * declared, fewer, a broken connection) the temporary file is removed,
 * with the directories made for it: nothing partial is ever visible.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rmdir, unlink } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { SizeExceededError } from '@capchain/storage'
import { IncompleteBodyError, PathConflictError } from '../errors.js'
import { TEMPORARY_PREFIX } from './layout.js'

export interface WriteRequest {
  /** The file system path to write. */
  readonly target: string
  readonly body: Readable
  /** Exactly this many bytes must arrive. */
  readonly size: number
  /** For error messages: the storage path. */
  readonly path: string
  /**
   * Runs once the body is stored and flushed, right before the file becomes
   * visible; if it throws, nothing is stored and its error is thrown on. The
   * body may take minutes: what can change meanwhile (a revocation) is checked here.
   */
  readonly beforeCommit?: () => Promise<void>
}

/**
 * @returns the number of bytes stored (`size`)
 * @throws {SizeExceededError} the body is longer than `size`
 * @throws {IncompleteBodyError} the body ended or broke before `size` bytes
 * @throws {PathConflictError} the target is a directory, or lies under a file
 * @throws what `beforeCommit` throws
 */
export async function writeFileAtomically(request: WriteRequest): Promise<number> {
  const dir = dirname(request.target)
  const made = await makeParents(dir, request.path)
  const temporary = join(dir, `${TEMPORARY_PREFIX}${randomBytes(8).toString('hex')}`)
  let handle: FileHandle | undefined
  try {
    handle = await open(temporary, 'wx', 0o600)
    const received = await copy(request.body, handle, request.size)
    await handle.sync()
    await handle.close()
    handle = undefined
    await request.beforeCommit?.()
    await rename(temporary, request.target).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EISDIR' ? new PathConflictError(`${request.path} is a directory`) : error
    })
    await syncDirectory(dir)
    return received
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await unlink(temporary).catch(() => undefined)
    await removeMade(made, dir)
    throw error
  }
}

/** Copy the body to the file, refusing more than `size` bytes and fewer. */
async function copy(body: Readable, handle: FileHandle, size: number): Promise<number> {
  let received = 0
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      received += chunk.byteLength
      if (received > size) throw new SizeExceededError(size, received, { at: 'body' })
      await handle.write(chunk)
    }
  } catch (error) {
    if (error instanceof SizeExceededError) throw error
    throw new IncompleteBodyError(received, size, { cause: error })
  }
  if (received !== size) throw new IncompleteBodyError(received, size)
  return received
}

/** `mkdir -p`; returns the first directory it made (or undefined). */
async function makeParents(dir: string, path: string): Promise<string | undefined> {
  try {
    return await mkdir(dir, { recursive: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new PathConflictError(`${path} lies under a file`)
    throw error
  }
}

/** Remove the directories `mkdir` made for this upload, deepest first, while they are empty (another upload may be filling one). */
async function removeMade(made: string | undefined, dir: string): Promise<void> {
  if (made === undefined) return
  for (let current = dir; ; current = dirname(current)) {
    try {
      await rmdir(current)
    } catch {
      return
    }
    if (current === made || dirname(current) === current) return
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
