/**
 * The per-subject storage limit: the bytes of a subject's stored files on
 * disk, plus the uploads in flight for it, may not exceed `limit`. Checked
 * after the chain allowed an upload and before its body is read.
 *
 * The stored bytes are counted from the disk on every check (a walk of the
 * subject's directory), so nothing can drift from what is there: a crash, a
 * deletion, a replaced file are all seen as they are. Checks for one subject
 * run one at a time, so two uploads cannot both take the last free bytes;
 * an upload's bytes count as in flight until its file is renamed into place
 * (briefly counted twice, never not at all).
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { DID } from '@capchain/core/principal'
import { SubjectStorageFullError } from '../errors.js'
import type { FileLayout } from './layout.js'
import { isStoredName } from './layout.js'

/** Bytes of stored files a subject may have on this service by default: 1 GiB. */
export const DEFAULT_MAX_SUBJECT_BYTES = 1024 ** 3

export interface SubjectUsage {
  /**
   * Hold `bytes` for an upload to `target` of `subject`; a file it replaces
   * is not counted (unless another upload to the same target is in flight).
   * @returns the release of the hold, to call once the upload ended (stored or not); idempotent
   * @throws {SubjectStorageFullError} the subject's stored and in-flight bytes plus `bytes` exceed the limit
   */
  hold(subject: DID, target: string, bytes: number, cid: string): Promise<() => void>
}

export function subjectUsage(layout: FileLayout, limit: number): SubjectUsage {
  const inFlight = new Map<DID, number>()
  const targets = new Map<string, number>()
  const queues = new Map<DID, Promise<void>>()

  /** Run `check` after every earlier check of `subject` ended. */
  async function oneAtATime<T>(subject: DID, check: () => Promise<T>): Promise<T> {
    const previous = queues.get(subject) ?? Promise.resolve()
    let done!: () => void
    const turn = new Promise<void>((resolve) => (done = resolve))
    const current = previous.then(() => turn)
    queues.set(subject, current)
    await previous
    try {
      return await check()
    } finally {
      done()
      if (queues.get(subject) === current) queues.delete(subject)
    }
  }

  const add = <K>(map: Map<K, number>, key: K, amount: number) => {
    const total = (map.get(key) ?? 0) + amount
    if (total === 0) map.delete(key)
    else map.set(key, total)
  }

  return {
    hold(subject, target, bytes, cid) {
      return oneAtATime(subject, async () => {
        const stored = await storedBytes(layout.subjectRoot(subject))
        // Another upload to the same target may replace that file first; then it frees nothing for this one.
        const replaced = targets.has(target) ? 0 : await fileSize(target)
        const held = inFlight.get(subject) ?? 0
        if (stored - replaced + held + bytes > limit) throw new SubjectStorageFullError(limit, stored + held, bytes, { cid })
        add(inFlight, subject, bytes)
        add(targets, target, 1)
        let released = false
        return () => {
          if (released) return
          released = true
          add(inFlight, subject, -bytes)
          add(targets, target, -1)
        }
      })
    },
  }
}

/** The bytes of every stored file under `root` (temporary uploads are counted as in flight instead). */
async function storedBytes(root: string): Promise<number> {
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

/** The size of the file at `path`; 0 when there is none (or a directory). */
async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path)
    return info.isFile() ? info.size : 0
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return 0
    throw error
  }
}
