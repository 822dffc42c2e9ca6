import type { GuardedRoute } from '@capchain/guard'
import { storageRequirement } from '@capchain/storage'
import type { Ctx, ServiceContext } from '../context.js'
import { NotFoundError } from '../errors.js'
import { requestPath } from './request-path.js'

export const LIST_PREFIX = '/list'

/** `/storage/list` of the directory the URL names. */
export const listRoute: GuardedRoute<Ctx> = {
  requirement: (c) => storageRequirement({ op: 'list', path: requestPath(c, LIST_PREFIX) }),
}

/** `GET /list/<path>`: a directory's entries. The subject's root always exists, empty at first. */
export function listFiles(service: ServiceContext) {
  return async (c: Ctx) => {
    const auth = c.get('capchain')
    const path = requestPath(c, LIST_PREFIX)
    const entries = await service.blobs.list(auth.subject, path)
    if (entries === undefined && path !== '/') throw new NotFoundError(path)
    await auth.settle()
    return c.json({ path, entries: entries ?? [] })
  }
}
