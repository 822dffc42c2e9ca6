import type { DID } from '@capchain/core/principal'
import type { Invocation } from '@capchain/core/token'
import { checkExpiry } from '@capchain/guard'
import type { InvocationRequirement } from '@capchain/guard'
import { InvalidStorageArgsError, OperationMismatchError, PathMismatchError, SizeExceededError } from '../errors.js'
import { checkStorageArgs } from '../profile/args.js'
import { movesBytes, storageOpOf } from '../profile/commands.js'
import type { StorageOp } from '../profile/commands.js'
import type { StorageRequest } from './interface.js'

/**
 * The storage profile as the guard's requirement for one request: its
 * checks on the invocation, all before any policy is evaluated (the command
 * is the operation the service performs, `args` fit the profile with a
 * canonical path, the service touches that path and moves no more bytes
 * than declared, the invocation expires soon enough to be remembered), and
 * the request's `measure`, held to the declared size.
 */
export function storageRequirement(request: Pick<StorageRequest, 'op' | 'path' | 'size' | 'measure' | 'maxLifetime'>): InvocationRequirement {
  const { measure } = request
  // What check saw, for measure: it runs only after check passed.
  let checked = { cid: '', declared: 0 }
  return {
    /** @throws {OperationMismatchError | InvalidStorageArgsError | InvalidStoragePathError | PathMismatchError | SizeExceededError | InvocationExpiryError} */
    check(invocation: Invocation, now: number) {
      const cid = invocation.cid.toString()
      const { cmd, args } = invocation.payload
      const op = storageOpOf(cmd)
      if (op === undefined) throw new OperationMismatchError(`${cmd} is not a storage operation`, { cid, at: 'payload.cmd' })
      if (op !== request.op) throw new OperationMismatchError(`the invocation is for ${op}, the request is a ${request.op}`, { cid, at: 'payload.cmd' })
      const { path, size } = checkStorageArgs(args, op)
      if (request.path !== path) throw new PathMismatchError(path, request.path, { cid, at: 'args.path' })
      // A measured request moves at most what it declared; the measure is held to that bound after the chain.
      const bytes = bytesMoved(op, measure === undefined ? request.size : size, size ?? 0, cid)
      checked = { cid, declared: bytes }
      return { bytes, expiration: checkExpiry(invocation, now, request.maxLifetime) }
    },
    ...(measure === undefined
      ? {}
      : {
          /** @throws {SizeExceededError} the request's measure answered more than `args.size` */
          async measure(subject: DID) {
            const bytes = await measure(subject)
            if (bytes > checked.declared) throw new SizeExceededError(checked.declared, bytes, { cid: checked.cid, at: 'args.size' })
            return bytes
          },
        }),
  }
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
