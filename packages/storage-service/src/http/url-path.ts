import { InvalidUrlPathError } from '../errors.js'

/**
 * The storage path a request URL names after `prefix` (`/files` or
 * `/list`), from the request target exactly as received (no dot-segment
 * resolution), percent-decoded once. It is then compared with
 * the invocation's `args.path`, which must be canonical: no normalisation
 * here can make the service touch a path the policies did not see.
 *
 * @throws {InvalidUrlPathError} a bad percent-encoding, or a target outside `prefix`
 */
export function storagePathOf(target: string, prefix: string): string {
  const pathname = target.split('?')[0]!
  if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) throw new InvalidUrlPathError(`the URL path is not under ${prefix}`)
  const rest = pathname.slice(prefix.length)
  try {
    return rest === '' ? '/' : decodeURIComponent(rest)
  } catch {
    throw new InvalidUrlPathError('the URL path is not valid percent-encoded UTF-8')
  }
}
