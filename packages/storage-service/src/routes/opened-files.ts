/**
 * The file a download's guard opened while measuring it (after the whole
 * chain was verified), held for the request's handler, and closed if the
 * handler never takes it: a reservation the caps refused after the file was
 * opened leaves the handle here.
 */
import type { MiddlewareHandler } from 'hono'
import type { Ctx, ServiceEnv } from '../context.js'
import type { OpenFile } from '../files/read.js'

type Opened = OpenFile | 'directory' | undefined

const opened = new WeakMap<Ctx, Opened>()

/** Hold what `openForRead` found for the request. */
export function holdOpened(c: Ctx, file: Opened): void {
  opened.set(c, file)
}

/** What the request's measure found; the caller now owns the file. */
export function takeOpened(c: Ctx): Opened {
  const file = opened.get(c)
  opened.delete(c)
  return file
}

/** Middleware, before the guard: closes the file held for a request whose handler did not take it. */
export function closeUntaken(): MiddlewareHandler<ServiceEnv> {
  return async (c, next) => {
    try {
      await next()
    } finally {
      const file = takeOpened(c)
      if (typeof file === 'object') await file.close()
    }
  }
}
