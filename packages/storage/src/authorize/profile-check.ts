import type { Invocation } from '@capchain/core/token'
import { InvalidStorageArgsError, InvocationExpiryError, OperationMismatchError, PathMismatchError, SizeExceededError } from '../errors.js'
import { checkStorageArgs } from '../profile/args.js'
import { movesBytes, storageOpOf } from '../profile/commands.js'
import type { StorageOp } from '../profile/commands.js'
import type { StorageRequest } from './interface.js'

/**
 * Longest accepted lifetime of a storage invocation (`exp - now`), in
 * seconds. Its replay record is kept that long; an invocation is signed
 * right before it is sent, so an hour is generous.
 */
export const MAX_INVOCATION_LIFETIME = 3600

/** A request that passed the profile's checks. */
export interface CheckedRequest {
  readonly op: StorageOp
  readonly path: string
  /** Bytes the service will move (0 for list and delete). */
  readonly size: number
  /** The invocation's `exp`. */
  readonly expiration: number
}

/**
 * The profile's checks on an invocation and the request that carries it,
 * all before any policy is evaluated: the command is the operation the
 * service performs, `args` fit the profile (the path is canonical), the
 * service touches that path and moves no more bytes than declared, and the
 * invocation expires soon enough to be remembered.
 *
 * @throws {OperationMismatchError | InvalidStorageArgsError | InvalidStoragePathError | PathMismatchError | SizeExceededError | InvocationExpiryError}
 */
export function checkProfile(invocation: Invocation, request: StorageRequest, now: number): CheckedRequest {
  const cid = invocation.cid.toString()
  const { cmd, args, exp } = invocation.payload
  const op = storageOpOf(cmd)
  if (op === undefined) throw new OperationMismatchError(`${cmd} is not a storage operation`, { cid, at: 'payload.cmd' })
  if (op !== request.op) throw new OperationMismatchError(`the invocation is for ${op}, the request is a ${request.op}`, { cid, at: 'payload.cmd' })
  const { path, size } = checkStorageArgs(args, op)
  if (request.path !== path) throw new PathMismatchError(path, request.path, { cid, at: 'args.path' })
  // A measured request moves at most what it declared; the measure is checked against that bound later.
  const moved = bytesMoved(op, request.measure === undefined ? request.size : size, size ?? 0, cid)
  const maxLifetime = request.maxLifetime ?? MAX_INVOCATION_LIFETIME
  if (exp === null) throw new InvocationExpiryError('a storage invocation must have an exp', { cid, at: 'payload.exp' })
  if (exp > now + maxLifetime) {
    throw new InvocationExpiryError(`exp is ${exp - now} s away; the limit is ${maxLifetime} s`, { cid, at: 'payload.exp' })
  }
  return { op, path, size: moved, expiration: exp }
}

/** What the service will move, checked against what the invocation declared (the amount its policies saw). */
function bytesMoved(op: StorageOp, requested: number | undefined, declared: number, cid: string): number {
  if (!movesBytes(op)) {
    if (requested !== undefined && requested !== 0) throw new SizeExceededError(0, requested, { cid, at: 'args.size' })
    return 0
  }
  if (requested === undefined || !Number.isSafeInteger(requested) || requested < 0) {
    throw new InvalidStorageArgsError(`a ${op} request must state the bytes it moves`, { cid, at: 'size' })
  }
  if (requested > declared) throw new SizeExceededError(declared, requested, { cid, at: 'args.size' })
  return requested
}
