/**
 * A throwaway PostgreSQL server for `pnpm demo:scale`, from
 * `@capchain/store-postgres/embedded`: the real server binaries, in a
 * temporary directory, on a free loopback port, with no setup by hand.
 */
import { startEmbeddedPostgres } from '@capchain/store-postgres/embedded'

export interface DemoPostgres {
  /** A `postgres://` URL of its database. */
  readonly url: string
  /** Stop it and delete its data. */
  dispose(): Promise<void>
}

/**
 * @throws {Error} the server cannot be initialised or started
 */
export async function startDemoPostgres(): Promise<DemoPostgres> {
  const server = await startEmbeddedPostgres({ prefix: 'capchain-demo-pg-', password: 'capchain-demo' })
  return { url: server.url, dispose: () => server.dispose() }
}
