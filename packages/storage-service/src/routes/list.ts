import type { ServiceContext } from '../context.js'
import { NotFoundError } from '../errors.js'
import { listDirectory } from '../files/list.js'
import type { ListEntry } from '../files/list.js'
import { authorize, handle } from './request.js'
import type { Ctx } from './request.js'

export const LIST_PREFIX = '/list'

/** `GET /list/<path>`: `/storage/list` of a directory. The subject's root always exists, empty at first. */
export function listFiles(service: ServiceContext) {
  return (c: Ctx) =>
    handle(c, service, LIST_PREFIX, async (credentials, path) => {
      const granted = await authorize(service, credentials, 'list', path)
      let entries: ListEntry[] | undefined
      try {
        entries = await listDirectory(service.files.resolve(granted.authorization.subject, path), path)
        if (entries === undefined && path !== '/') throw new NotFoundError(path)
      } catch (error) {
        await granted.reservation.refund()
        throw error
      }
      await granted.reservation.commit()
      return c.json({ path, entries: entries ?? [] })
    })
}
