/**
 * What the routes need of the place files are kept, by subject and storage
 * path, so that a directory (`directoryBlobStore`, shared by every instance
 * of a service) can be replaced by an object store without touching them.
 *
 * Every implementation keeps one promise the routes rely on: a write is
 * visible whole or not at all, never partly, to every instance, even if
 * the writer dies midway.
 */
import type { Readable } from 'node:stream'
import type { DID } from '@capchain/core/principal'
import type { ListEntry } from './list.js'
import type { OpenFile } from './read.js'

export interface BlobWrite {
  readonly body: Readable
  /** Exactly this many bytes must arrive. */
  readonly size: number
  /**
   * Runs once the body is stored, right before it becomes visible; if it
   * throws, nothing is stored and its error is thrown on.
   */
  readonly beforeCommit?: () => Promise<void>
}

export interface BlobStore {
  /**
   * Open `path` of `subject` for reading.
   * @returns `undefined` when there is nothing, `'directory'` for a directory
   * @throws {Error} the store cannot be read
   */
  open(subject: DID, path: string): Promise<OpenFile | 'directory' | undefined>
  /**
   * Store `write.body` at `path` of `subject`, replacing what is there, atomically.
   * @returns the bytes stored (`write.size`)
   * @throws {SizeExceededError | IncompleteBodyError} the body is longer or shorter than `write.size`
   * @throws {PathConflictError} `path` is a directory or lies under a file
   * @throws what `write.beforeCommit` throws
   */
  write(subject: DID, path: string, write: BlobWrite): Promise<number>
  /**
   * Delete a file, or an empty directory.
   * @returns `false` when there is nothing at `path`
   * @throws {PathConflictError} a directory that is not empty
   */
  remove(subject: DID, path: string): Promise<boolean>
  /**
   * A directory's entries, by name (uploads in flight are not listed).
   * @returns `undefined` when there is no such directory
   * @throws {PathConflictError} `path` is a file
   */
  list(subject: DID, path: string): Promise<ListEntry[] | undefined>
  /**
   * The bytes of `subject`'s stored files, and of the one at `path` (0 when there is none).
   * @throws {Error} the store cannot be read
   */
  sizes(subject: DID, path: string): Promise<{ readonly stored: number; readonly replaced: number }>
  /**
   * Remove the uploads a crashed writer left unfinished: those last written to before `before` (unix ms).
   * @returns how many were removed
   * @throws {Error} the store cannot be read
   */
  sweep(before: number): Promise<number>
}
