/**
 * A body-less Fetch handler of the guard (`revokeHandler`, `infoHandler`,
 * `discoveryHandler`) on a Node request, for Express and Fastify. The
 * request's body is not read: none of them uses one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendResponse } from './metered-response.js'

/** `handler` as a Node `(req, res)` handler. */
export function nodeHandler(handler: (request: Request) => Promise<Response>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
    }
    // Only the path matters to these handlers; the host is not trusted for anything.
    const request = new Request(new URL(req.url ?? '/', 'http://localhost'), { method: req.method ?? 'GET', headers })
    await sendResponse(res, await handler(request))
  }
}
