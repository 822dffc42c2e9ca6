/**
 * Where a subject's files live: `<root>/<subject, percent-encoded>/<path>`.
 *
 * Storage paths reach this point only after the profile accepted them as
 * canonical (no `.` or `..` segment, no backslash, no `%`, no empty
 * segment) and the chain authorized them, so joining their segments is an
 * injective map into the subject's directory. The subject is
 * percent-encoded (`:` → `%3A`), which is injective too and never `.`,
 * `..` or a name with `/`. `%` never occurs in a storage path, so names
 * with `%` are the service's own: temporary upload files.
 */
import { join } from 'node:path'
import type { DID } from '@capchain/core/principal'

/** The prefix of temporary upload files: `%` cannot occur in a storage path, so no stored file can be named like one. */
export const TEMPORARY_PREFIX = '%upload-'

export interface FileLayout {
  /** The directory of one subject. */
  subjectRoot(subject: DID): string
  /** The file system path of `path` for `subject`. */
  resolve(subject: DID, path: string): string
}

export function fileLayout(root: string): FileLayout {
  const subjectRoot = (subject: DID) => join(root, encodeURIComponent(subject))
  return {
    subjectRoot,
    resolve: (subject, path) => join(subjectRoot(subject), ...path.split('/').filter((segment) => segment !== '')),
  }
}

/** Whether a directory entry is a stored file or directory (not a temporary upload). */
export function isStoredName(name: string): boolean {
  return !name.includes('%')
}
