/** A Fetch handler on a real Node HTTP server at 127.0.0.1, over `@hono/node-server`, for the demo and tests. */
import { createAdaptorServer } from '@hono/node-server'
import type { AddressInfo } from 'node:net'

export interface Served {
  readonly url: string
  close(): Promise<void>
}

/**
 * Listen on an ephemeral port of 127.0.0.1.
 * @throws {Error} the server could not listen
 */
export async function serveFetch(handler: (request: Request) => Promise<Response>): Promise<Served> {
  const server = createAdaptorServer({ fetch: handler, hostname: '127.0.0.1' })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error)))) }
}
