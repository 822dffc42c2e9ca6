import { closeSync, fsync, openSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Make every write already made to an open file durable (resolves once it is on disk). */
export type SyncFile = (fd: number) => Promise<void>

/** `fsync(2)` on the libuv thread pool, so the event loop runs while the disk works. */
export const fsyncFile: SyncFile = (fd) =>
  new Promise((resolve, reject) => {
    fsync(fd, (error) => (error === null ? resolve() : reject(error)))
  })

/**
 * The fsync of a WAL database's `-wal` file that `synchronous = NORMAL` no
 * longer does at COMMIT, done after it, off the event loop.
 *
 * An fsync flushes every page of the file written before it began, whoever
 * wrote it: one started after a batch's COMMIT returned covers that batch's
 * frames, and those of every batch committed before it, even if their own
 * syncs are still running. The file is opened read-only: Linux's fsync(2)
 * takes any descriptor of the file (the same holds for its directory).
 */
export class WalSync {
  readonly #walPath: string
  readonly #sync: SyncFile
  #fd: number | undefined
  #directory: Promise<void> | undefined
  #directoryDurable = false

  /** @param walPath the `-wal` file, by an absolute path; `sync` is the step that flushes it. */
  constructor(walPath: string, sync: SyncFile = fsyncFile) {
    this.#walPath = walPath
    this.#sync = sync
  }

  /**
   * Make everything committed so far durable. The WAL file is opened on
   * the first call, after a COMMIT has created it; its directory is synced
   * too until that has once succeeded, so that the new file's entry
   * survives a power loss as well.
   * @throws (the promise rejects) the file cannot be opened or synced
   */
  async sync(): Promise<void> {
    this.#fd ??= openSync(this.#walPath, 'r')
    if (this.#directoryDurable) return this.#sync(this.#fd)
    this.#directory ??= syncDirectory(dirname(this.#walPath)).then(
      () => {
        this.#directoryDurable = true
      },
      (error: unknown) => {
        this.#directory = undefined
        throw error
      },
    )
    await Promise.all([this.#sync(this.#fd), this.#directory])
  }

  /** Release the file. Call only once no sync is in flight. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd)
    this.#fd = undefined
  }
}

/** fsync a directory, so that the entries of files created in it are durable. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
