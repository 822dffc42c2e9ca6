/** Node HTTP servers for the adapter tests: 127.0.0.1, an ephemeral port, a 1 MiB header limit. */
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import type { RunningApp } from '../matrix.js'

/** Node's own header limit, above the guard's 64 KiB, so the guard's refusal is what a large header gets. */
export const SERVER_MAX_HEADER_BYTES = 1024 * 1024

/** Listen on 127.0.0.1; `close` ends open connections too. */
export async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
