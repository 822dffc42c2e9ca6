import { assertStoragePath } from '@capchain/storage'
import type { Ctx } from '../context.js'
import { storagePathOf } from '../http/url-path.js'

/**
 * The storage path a request to a route under `prefix` names, canonical
 * before anything touches the file system. Read by the route's requirement
 * (before the chain) and again by its handler: the same target gives the
 * same path, which the invocation's `args.path` was held equal to.
 *
 * @throws {InvalidUrlPathError} a target that is not a percent-encoded path under `prefix`
 * @throws {InvalidStoragePathError} a path that is not canonical
 */
export function requestPath(c: Ctx, prefix: string): string {
  const path = storagePathOf(c.env.incoming.url ?? '', prefix)
  assertStoragePath(path, 'url')
  return path
}
