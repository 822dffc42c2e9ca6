/**
 * A storage path in a URL: each segment percent-encoded, so the service
 * decodes it back to exactly the path the invocation names.
 */
export function encodeStoragePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/')
}

/** The service's route for a path: `/files/…` for read, write and delete, `/list/…` for list. */
export function routeFor(base: URL, route: 'files' | 'list', path: string): URL {
  return new URL(`${route}${encodeStoragePath(path)}`, base)
}
