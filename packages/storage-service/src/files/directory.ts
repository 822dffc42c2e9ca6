/**
 * The blob store of a directory on a file system: `<root>/<subject>/<path>`
 * (see `fileLayout`). Several instances of a service may share one
 * directory (a network file system that renames atomically, as NFS and
 * CephFS do): each write goes to a temporary file next to its target and
 * is renamed over it once complete and flushed, so no instance ever sees a
 * partial file, and a writer killed midway leaves only a temporary file no
 * listing shows, removed by a later sweep.
 */
import type { BlobStore } from './blob-store.js'
import { fileLayout } from './layout.js'
import { listDirectory } from './list.js'
import { openForRead } from './read.js'
import { removePath } from './remove.js'
import { fileSize, storedBytes } from './sizes.js'
import { sweepTemporaries } from './sweep.js'
import { writeFileAtomically } from './write.js'

/** The directory `root` as a blob store; `root` must exist. */
export function directoryBlobStore(root: string): BlobStore {
  const layout = fileLayout(root)
  return {
    open: (subject, path) => openForRead(layout.resolve(subject, path)),
    write: (subject, path, write) => writeFileAtomically({ ...write, target: layout.resolve(subject, path), path }),
    remove: (subject, path) => removePath(layout.resolve(subject, path), path),
    list: (subject, path) => listDirectory(layout.resolve(subject, path), path),
    async sizes(subject, path) {
      const [stored, replaced] = await Promise.all([storedBytes(layout.subjectRoot(subject)), fileSize(layout.resolve(subject, path))])
      return { stored, replaced }
    },
    sweep: (before) => sweepTemporaries(root, before),
  }
}
