/**
 * The load generator of the service bench, in a worker thread: autocannon
 * against the service, which runs on the main thread of the same process.
 * Every request takes the next `Authorization` header of the pool it was
 * given: `fresh` never reuses one (the service executes an invocation at
 * most once), `cycle` goes round the pool (for the route without
 * authorization, which never looks at it).
 */
import { parentPort, workerData } from 'node:worker_threads'
import autocannon from 'autocannon'
import type { LoadRequest, LoadResult } from './service-load.js'

async function run(input: LoadRequest): Promise<LoadResult> {
  const { headers } = input
  let next = 0
  let reused = 0
  const authorization = (): string => {
    if (next < headers.length) return headers[next++]!
    if (input.pool === 'fresh') reused++ // a replay: the service answers 409, and the run is invalid
    return headers[next++ % headers.length]!
  }
  const url = new URL(input.url)
  const options: autocannon.Options = {
    url: url.origin,
    connections: input.connections,
    pipelining: 1,
    ...(input.amount === undefined ? { duration: input.seconds } : { amount: input.amount }),
    timeout: 10,
    verifyBody: (body) => body === input.expectBody,
    requests: [
      {
        method: 'GET',
        path: url.pathname,
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, authorization: authorization() } }),
      },
    ],
  }
  // In a worker thread autocannon returns its raw result (histograms encoded), for its own manager to aggregate.
  const { aggregateResult } = autocannon as unknown as { aggregateResult(results: unknown[], options: autocannon.Options): autocannon.Result }
  const result = aggregateResult([await autocannon(options)], options)
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count]))
  const ok = statusCodes['200'] ?? 0
  return {
    requestsPerSecond: Number((ok / result.duration).toFixed(1)),
    meanRequestsPerSecond: result.requests.average,
    responses: result.requests.total,
    seconds: Number(result.duration.toFixed(2)),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    statusCodes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    headersUsed: next,
    reusedFreshHeaders: reused,
  }
}

run(workerData as LoadRequest).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
)
