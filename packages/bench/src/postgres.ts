/**
 * The PostgreSQL server of the instances bench: the one at
 * `CAPCHAIN_POSTGRES_URL` when set (a real deployment's, to measure it),
 * else a throwaway one from `@capchain/store-postgres/embedded`, with
 * durable commits as deployed (what a charge costs includes its WAL flush).
 */
import { startEmbeddedPostgres } from '@capchain/store-postgres/embedded'

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
  const server = await startEmbeddedPostgres({ prefix: 'capchain-bench-pg-', password: 'capchain-bench' })
  return { url: server.url, kind: 'embedded', dispose: () => server.dispose() }
}
