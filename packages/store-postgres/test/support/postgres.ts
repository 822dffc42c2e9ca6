/**
 * A real PostgreSQL server for the tests: the one at `CAPCHAIN_POSTGRES_URL`
 * when it is set (its role must be allowed to create databases), otherwise
 * one started by `@capchain/store-postgres/embedded` (src/embedded/start.ts),
 * with no setup by hand. Each test file gets a
 * database of its own and each store under test a schema of its own in it
 * (a new schema costs a millisecond, a new database half a second), so
 * tests never see each other's rows.
 */
import pg from 'pg'
import { startEmbeddedPostgres } from '../../src/embedded/start.js'

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
  // A throwaway cluster: no fsync, and no password hashing (a tenth of a second per connection).
  const server = await startEmbeddedPostgres({ password: PASSWORD, durable: false, trust: true })
  const database = await createDatabase(server.url)
  return { fresh: () => createSchema(database), stop: () => server.stop(), start: () => server.start(), dispose: () => server.dispose() }
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
