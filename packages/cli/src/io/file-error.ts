import { CapchainError } from '@capchain/core/errors'

/** Codes of {@link FileError}, one per cause a user can act on. */
export type FileErrorCode =
  | 'ERR_FILE_NOT_FOUND'
  | 'ERR_FILE_IS_DIRECTORY'
  | 'ERR_FILE_PERMISSION_DENIED'
  | 'ERR_FILE_EXISTS'
  | 'ERR_FILE_IO'

/** Whether the file was being read or written, for the message. */
export type FileAccess = 'read' | 'write'

/**
 * A file the command line names cannot be read or written (exit code 2). The
 * operating system's errno becomes a sentence and a stable code: its own text
 * (`EISDIR: illegal operation on a directory, read`) says nothing to a user.
 */
export class FileError extends CapchainError {
  declare readonly code: FileErrorCode
  /** The operating system's code (`ENOENT`, `EISDIR`, …), when there is one. */
  readonly errno: string | undefined

  /**
   * @param path - the file, as the user named it
   * @param access - what was being done with it
   * @param cause - the error `node:fs` threw; not kept as `cause`, whose errno text the output would print beneath the sentence
   */
  constructor(
    readonly path: string,
    access: FileAccess,
    cause: unknown,
  ) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code
    const [code, message] = describe(errno, path, access)
    super(code, message)
    this.errno = errno
  }
}

function describe(errno: string | undefined, path: string, access: FileAccess): [FileErrorCode, string] {
  switch (errno) {
    case 'ENOENT':
      return ['ERR_FILE_NOT_FOUND', access === 'read' ? `${path} does not exist` : `cannot write ${path}: its directory does not exist`]
    case 'ENOTDIR':
      return ['ERR_FILE_NOT_FOUND', `${path} does not exist: a part of its path is not a directory`]
    case 'EISDIR':
      return ['ERR_FILE_IS_DIRECTORY', `${path} is a directory`]
    case 'EACCES':
    case 'EPERM':
      return ['ERR_FILE_PERMISSION_DENIED', `permission denied ${access === 'read' ? 'reading' : 'writing'} ${path}`]
    case 'EROFS':
      return ['ERR_FILE_PERMISSION_DENIED', `cannot write ${path}: the file system is read-only`]
    case 'EEXIST':
      return ['ERR_FILE_EXISTS', `${path} already exists`]
    case 'ENOSPC':
      return ['ERR_FILE_IO', `cannot write ${path}: no space left on the device`]
    default:
      return ['ERR_FILE_IO', `cannot ${access} ${path}${errno === undefined ? '' : ` (${errno})`}`]
  }
}
