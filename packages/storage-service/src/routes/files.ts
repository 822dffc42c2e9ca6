/**
 * `PUT`, `GET` and `DELETE /files/<path>`: `/storage/write`, `/storage/read`
 * and `/storage/delete` of `<path>`, for the invocation's subject, each a
 * handler behind the guard with the storage profile as its requirement.
 */
import type { DID } from '@capchain/core/principal'
import type { GuardedRoute, InvocationRequirement } from '@capchain/guard'
import { storageRequirement } from '@capchain/storage'
import type { ServiceContext, Ctx } from '../context.js'
import { ContentLengthMismatchError, LengthRequiredError, NotFoundError, PathConflictError } from '../errors.js'
import type { OpenFile } from '../files/read.js'
import { holdOpened, takeOpened } from './opened-files.js'
import { requestPath } from './request-path.js'

export const FILES_PREFIX = '/files'

/**
 * `PUT`: the body's `Content-Length` is the size written, known before a
 * byte is read. Larger than `args.size` is the profile's SizeExceededError
 * (413); smaller is refused too, before the chain is verified.
 */
export const writeRoute: GuardedRoute<Ctx> = {
  requirement(c) {
    const path = requestPath(c, FILES_PREFIX)
    const length = contentLength(c.req.header('content-length'), c.req.header('transfer-encoding'))
    return bodyAsLongAsDeclared(length, storageRequirement({ op: 'write', path, size: length }))
  },
}

/**
 * `PUT /files/<path>`: the body streams to disk. The subject's storage
 * limit must have room for it; once the body is stored, the chain must
 * still not be revoked, or nothing is stored (the guard refunds whatever
 * the handler throws).
 */
export function putFile(service: ServiceContext) {
  return async (c: Ctx) => {
    const auth = c.get('capchain')
    const path = requestPath(c, FILES_PREFIX)
    // What the guard reserved is the Content-Length the requirement held to args.size.
    const length = auth.bytes
    const release = await service.usage.hold(auth.subject, path, length, auth.chain.invocation.cid.toString())
    let size: number
    try {
      size = await service.blobs.write(auth.subject, path, { body: c.env.incoming, size: length, beforeCommit: () => auth.recheckRevocation() })
    } finally {
      release()
    }
    await auth.settle(size)
    return c.json({ path, size }, 201)
  }
}

/**
 * `GET`: the file is opened only once the whole chain is verified and
 * unrevoked (`measure`, right before the reservation), under the chain's
 * subject, so whether a path exists is never told, nor timed, to a request
 * not allowed to look; the size reserved is the size sent. A file larger
 * than `args.size` is 413. Caps are charged what is actually sent, whether
 * the download completes or the client goes away.
 */
export function readRoute(service: ServiceContext): GuardedRoute<Ctx> {
  return {
    charge: 'response',
    requirement(c) {
      const path = requestPath(c, FILES_PREFIX)
      const measure = async (subject: DID) => {
        const file = await service.blobs.open(subject, path)
        holdOpened(c, file)
        return typeof file === 'object' ? file.size : 0
      }
      return storageRequirement({ op: 'read', path, measure })
    },
  }
}

/** `GET /files/<path>`: streams the file the guard's measure opened. */
export function getFile() {
  return async (c: Ctx) => {
    const path = requestPath(c, FILES_PREFIX)
    const file = takeOpened(c)
    if (file === 'directory') throw new PathConflictError(`${path} is a directory: list it`)
    if (file === undefined) throw new NotFoundError(path)
    return fileResponse(file)
  }
}

/**
 * `GET /files/<path>` of `subject` with no credentials read and no check:
 * the baseline of packages/bench's load test, which starts the service with
 * `authorization: { off: 'for-benchmarks', … }` (never the bin). The same
 * path rules and file-serving code as `getFile`.
 */
export function getFileWithoutAuthorization(service: ServiceContext, subject: DID) {
  return async (c: Ctx) => {
    const path = requestPath(c, FILES_PREFIX)
    const file = await service.blobs.open(subject, path)
    if (typeof file !== 'object') throw new NotFoundError(path)
    return fileResponse(file)
  }
}

function fileResponse(file: OpenFile): Response {
  // The guard counts what leaves (its route charges the response): nothing to do at the end here.
  return new Response(
    file.stream(() => undefined),
    {
      status: 200,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(file.size), 'x-content-type-options': 'nosniff' },
    },
  )
}

/** `DELETE`: a file, or an empty directory; nothing moved, nothing reserved but the use. */
export const deleteRoute: GuardedRoute<Ctx> = {
  requirement: (c) => storageRequirement({ op: 'delete', path: requestPath(c, FILES_PREFIX) }),
}

/** `DELETE /files/<path>`. */
export function deleteFile(service: ServiceContext) {
  return async (c: Ctx) => {
    const auth = c.get('capchain')
    const path = requestPath(c, FILES_PREFIX)
    const removed = await service.blobs.remove(auth.subject, path)
    if (!removed) throw new NotFoundError(path)
    await auth.settle()
    return c.json({ path, deleted: true })
  }
}

/** @throws {LengthRequiredError} no `Content-Length`, or a chunked body */
function contentLength(header: string | undefined, transferEncoding: string | undefined): number {
  if (header === undefined || transferEncoding !== undefined || !/^\d{1,16}$/.test(header)) throw new LengthRequiredError()
  return Number(header)
}

/** `requirement`, with a body shorter than the invocation's `args.size` refused first: it cannot be the upload declared. */
function bodyAsLongAsDeclared(length: number, requirement: InvocationRequirement): InvocationRequirement {
  return {
    /** @throws {ContentLengthMismatchError} fewer bytes than `args.size`; else what the storage requirement throws */
    check(invocation, now) {
      const declared = invocation.payload.args.size
      if (typeof declared === 'number' && length < declared) {
        throw new ContentLengthMismatchError(declared, length, { cid: invocation.cid.toString() })
      }
      return requirement.check(invocation, now)
    },
  }
}
