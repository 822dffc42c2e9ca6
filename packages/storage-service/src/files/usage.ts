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
 *
 * Instances sharing one blob store each count the uploads in flight
 * through them: the stored bytes are read from the shared store at every
 * check, but uploads in flight on two instances at once may together pass
 * the limit by what they carry. (Caps, unlike this limit, are exact across
 * instances: they are charged in the shared state store.)
 */
import type { DID } from '@capchain/core/principal'
import { SubjectStorageFullError } from '../errors.js'
import type { BlobStore } from './blob-store.js'

/** Bytes of stored files a subject may have on this service by default: 1 GiB. */
export const DEFAULT_MAX_SUBJECT_BYTES = 1024 ** 3

export interface SubjectUsage {
  /**
   * Hold `bytes` for an upload to `path` of `subject`; a file it replaces
   * is not counted (unless another upload to the same target is in flight).
   * @returns the release of the hold, to call once the upload ended (stored or not); idempotent
   * @throws {SubjectStorageFullError} the subject's stored and in-flight bytes plus `bytes` exceed the limit
   */
  hold(subject: DID, path: string, bytes: number, cid: string): Promise<() => void>
}

export function subjectUsage(blobs: BlobStore, limit: number): SubjectUsage {
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
    hold(subject, path, bytes, cid) {
      // A storage path never holds a line break: the key names one file of one subject.
      const target = `${subject}\n${path}`
      return oneAtATime(subject, async () => {
        const sizes = await blobs.sizes(subject, path)
        const stored = sizes.stored
        // Another upload to the same target may replace that file first; then it frees nothing for this one.
        const replaced = targets.has(target) ? 0 : sizes.replaced
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
