import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import { InvalidStorageArgsError } from '../errors.js'
import { assertOperableRoot } from '../path/root.js'
import { assertStoragePath } from '../path/validate.js'
import { movesBytes } from './commands.js'
import type { StorageOp } from './commands.js'

/** A storage invocation's `args`, checked. */
export interface StorageArgs {
  readonly path: string
  /** Declared bytes for read and write; absent for list and delete. */
  readonly size?: number
}

/**
 * Check `args` against the profile: exactly `path` and, for read and write
 * only, `size`. Unknown keys are refused so that no policy is ever evaluated
 * over a field the profile does not define.
 *
 * @throws {InvalidStoragePathError} `path` is not a canonical storage path, or is the root for write or delete
 * @throws {InvalidStorageArgsError} a missing, extra or mistyped field
 */
export function checkStorageArgs(args: IPLDMap, op: StorageOp): StorageArgs {
  const extra = Object.keys(args).find((key) => key !== 'path' && key !== 'size')
  if (extra !== undefined) throw new InvalidStorageArgsError(`args.${extra} is not part of the storage profile`, { at: `args.${extra}` })
  const path = args.path
  assertStoragePath(path, 'args.path')
  assertOperableRoot(path, op, 'args.path')
  if (!movesBytes(op)) {
    if ('size' in args) throw new InvalidStorageArgsError(`${op} takes no size`, { at: 'args.size' })
    return { path }
  }
  return { path, size: byteCount(args.size) }
}

function byteCount(size: IPLDValue | undefined): number {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new InvalidStorageArgsError('read and write need args.size, a non-negative safe integer', { at: 'args.size' })
  }
  return size
}
