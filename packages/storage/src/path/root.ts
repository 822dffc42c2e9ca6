import { InvalidStoragePathError } from '../errors.js'
import type { StorageOp } from '../profile/commands.js'

/**
 * The root `/` is the subject's directory, which exists for as long as the
 * subject does: it can be listed (and read, to be told it is a directory),
 * never written (a file would replace the subject's whole tree) nor deleted.
 *
 * @throws {InvalidStoragePathError} `path` is `/` and `op` is write or delete (`reason` `root`)
 */
export function assertOperableRoot(path: string, op: StorageOp, at?: string): void {
  if (path === '/' && (op === 'write' || op === 'delete')) {
    throw new InvalidStoragePathError('root', `the root "/" is the subject's directory: it cannot be the target of ${op}`, at === undefined ? {} : { at })
  }
}
