/**
 * `PUT`, `GET` and `DELETE /files/<path>`: `/storage/write`, `/storage/read`
 * and `/storage/delete` of `<path>`, for the invocation's subject.
 */
import type { DID } from '@capchain/core/principal'
import { assertStoragePath } from '@capchain/storage'
import type { ServiceContext } from '../context.js'
import { ContentLengthMismatchError, LengthRequiredError, NotFoundError, PathConflictError } from '../errors.js'
import { openForRead } from '../files/read.js'
import type { OpenFile } from '../files/read.js'
import { removePath } from '../files/remove.js'
import { writeFileAtomically } from '../files/write.js'
import { refuse } from '../http/respond.js'
import { storagePathOf } from '../http/url-path.js'
import { authorize, handle, stillAuthorized } from './request.js'
import type { Authorized, Ctx } from './request.js'

export const FILES_PREFIX = '/files'

/**
 * `PUT /files/<path>`: the body streams to disk; `Content-Length` must equal
 * `args.size`. Once the chain allowed it, the subject's storage limit must
 * have room for it; once the body is stored, the chain must still not be
 * revoked, or nothing is stored and everything is refunded.
 */
export function putFile(service: ServiceContext) {
  return (c: Ctx) =>
    handle(c, service, FILES_PREFIX, async (credentials, path) => {
      const length = contentLength(c.req.header('content-length'), c.req.header('transfer-encoding'))
      const declared = credentials.invocation.payload.args.size
      // Larger than declared is the profile's SizeExceededError (413), checked with the chain.
      if (typeof declared === 'number' && length < declared) {
        throw new ContentLengthMismatchError(declared, length, { cid: credentials.invocation.cid.toString() })
      }
      const granted = await authorize(service, credentials, 'write', path, length)
      const target = service.files.resolve(granted.authorization.subject, path)
      let size: number
      try {
        const release = await service.usage.hold(granted.authorization.subject, target, length, credentials.invocation.cid.toString())
        try {
          size = await writeFileAtomically({
            target,
            body: c.env.incoming,
            size: length,
            path,
            beforeCommit: () => stillAuthorized(service, credentials, granted.checkedAt),
          })
        } finally {
          release()
        }
      } catch (error) {
        await granted.reservation.refund()
        throw error
      }
      await granted.reservation.commit(size)
      return c.json({ path, size }, 201)
    })
}

/**
 * `GET /files/<path>`: streams the file. The file is opened only once the
 * whole chain is verified and unrevoked (`measure`, right before the
 * reservation), under the chain's subject, so whether a path exists is
 * never told, nor timed, to a request not allowed to look; the size
 * reserved is the size sent. A file larger than `args.size` is 413; caps
 * are charged what is actually sent, whether the download completes or the
 * client goes away.
 */
export function getFile(service: ServiceContext) {
  return (c: Ctx) =>
    handle(c, service, FILES_PREFIX, async (credentials, path) => {
      const found: { file?: OpenFile | 'directory' | undefined } = {}
      const closeFound = async () => {
        if (typeof found.file === 'object') await found.file.close()
      }
      let granted: Authorized
      try {
        granted = await authorize(service, credentials, 'read', path, async (subject) => {
          found.file = await openForRead(service.files.resolve(subject, path))
          return typeof found.file === 'object' ? found.file.size : 0
        })
      } catch (error) {
        await closeFound()
        throw error
      }
      const { file } = found
      if (typeof file !== 'object') {
        await granted.reservation.refund()
        throw file === 'directory' ? new PathConflictError(`${path} is a directory: list it`) : new NotFoundError(path)
      }
      return fileResponse(file, (sent) => {
        void granted.reservation.commit(sent).catch((error: unknown) => console.error('storage-service: commit failed', error))
      })
    })
}

/**
 * `GET /files/<path>` of `subject` with no credentials read and no check:
 * the baseline of packages/bench's load test, which starts the service with
 * `authorization: { off: 'for-benchmarks', … }` (never the bin). The same
 * path rules and file-serving code as `getFile`.
 */
export function getFileWithoutAuthorization(service: ServiceContext, subject: DID) {
  return async (c: Ctx) => {
    try {
      const path = storagePathOf(c.env.incoming.url ?? '', FILES_PREFIX)
      assertStoragePath(path, 'url')
      const opened = await openForRead(service.files.resolve(subject, path))
      if (typeof opened !== 'object') throw new NotFoundError(path)
      return fileResponse(opened, () => undefined)
    } catch (error) {
      return refuse(c, error, service.explain)
    }
  }
}

function fileResponse(file: OpenFile, onEnd: (sent: number) => void): Response {
  return new Response(file.stream(onEnd), {
    status: 200,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(file.size), 'x-content-type-options': 'nosniff' },
  })
}

/** `DELETE /files/<path>`: a file, or an empty directory. */
export function deleteFile(service: ServiceContext) {
  return (c: Ctx) =>
    handle(c, service, FILES_PREFIX, async (credentials, path) => {
      const granted = await authorize(service, credentials, 'delete', path)
      let removed: boolean
      try {
        removed = await removePath(service.files.resolve(granted.authorization.subject, path), path)
      } catch (error) {
        await granted.reservation.refund()
        throw error
      }
      if (!removed) {
        await granted.reservation.refund()
        throw new NotFoundError(path)
      }
      await granted.reservation.commit()
      return c.json({ path, deleted: true })
    })
}

/** @throws {LengthRequiredError} no `Content-Length`, or a chunked body */
function contentLength(header: string | undefined, transferEncoding: string | undefined): number {
  if (header === undefined || transferEncoding !== undefined || !/^\d{1,16}$/.test(header)) throw new LengthRequiredError()
  return Number(header)
}
