/**
 * A Fetch handler on a real Node HTTP server at 127.0.0.1, for the demo and tests.
 * Hand-written because @hono/node-server is not a dependency of this
 * package; it buffers bodies (the demo's are empty) and serves one path.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Served {
  readonly url: string
  close(): Promise<void>
}

/**
 * @throws {Error} the server could not listen
 */
export async function serveFetch(handler: (request: Request) => Promise<Response>): Promise<Served> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const incoming = new Headers()
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') incoming.set(name, value)
    const body = chunks.length === 0 ? undefined : Buffer.concat(chunks)
    const response = await handler(new Request(new URL(req.url ?? '/', 'http://127.0.0.1'), { method: req.method ?? 'GET', headers: incoming, ...(body === undefined ? {} : { body }) }))
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      headers[name] = value
    })
    res.writeHead(response.status, headers)
    res.end(Buffer.from(await response.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
