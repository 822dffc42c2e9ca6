/** The Node HTTP server every notes app listens with. */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Node's default header limit is 16 KiB; a chain with a SIWE root and a few delegations needs more. The guard reads up to 64 KiB. */
export const NOTES_MAX_HEADER_BYTES = 64 * 1024

/** A notes app listening. */
export interface RunningServer {
  /** `http://<host>:<port>` */
  readonly url: string
  close(): Promise<void>
}

/** Listen on `host:port` (port 0: any free one); `close` ends open connections too. */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
