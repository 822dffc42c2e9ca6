/**
 * The load generator of the HTTP load tests, a child process of the bench
 * (service-load.ts `runLoad`): autocannon against a service in the
 * parent's process. Its arguments: the file of `Authorization` headers
 * (one a line) and the request without them, as JSON. It tells the parent
 * over IPC when the load starts (`{ started: true }`, where the parent
 * starts counting its own CPU), then sends `{ result }` or `{ error }` and
 * exits.
 *
 * Every request takes the next header of the pool: `fresh` never reuses
 * one (the service executes an invocation at most once), `cycle` goes
 * round the pool (for the route without authorization, which never looks
 * at it).
 */
import { readFile } from 'node:fs/promises'
import autocannon from 'autocannon'
import type { GeneratorMessage, GeneratorResult, LoadRequest } from './service-load.js'

const NEWLINE = 0x0a

/**
 * autocannon's sampling interval. autocannon ends a run only at a sample's
 * tick: at its default (1 s) a run of 40 requests took a second and its
 * duration read 1.01 s whatever the requests took, and a run of 1.5 s
 * lasted 2, its requests/s counted over the whole 2. At 10 ms a run ends
 * within 10 ms of its last request or its time.
 */
const SAMPLE_MS = 10

/** The file's lines; read as bytes and cut, because a pool can be larger than a string can hold (400,000 × 2.5 KB). */
async function readHeaders(file: string): Promise<string[]> {
  const bytes = await readFile(file)
  const headers: string[] = []
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(NEWLINE, start)
    const stop = end === -1 ? bytes.length : end
    headers.push(bytes.toString('latin1', start, stop))
    start = stop + 1
  }
  return headers
}

async function run(input: Omit<LoadRequest, 'headers'>, headers: readonly string[], started: () => void): Promise<GeneratorResult> {
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
    sampleInt: SAMPLE_MS,
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
  started()
  const result = await autocannon(options)
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count]))
  const ok = statusCodes['200'] ?? 0
  return {
    requestsPerSecond: Number((ok / result.duration).toFixed(1)),
    // Its samples count the requests of each interval: scaled to a second.
    meanRequestsPerSecond: Number(((result.requests.average * 1000) / SAMPLE_MS).toFixed(1)),
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

const send = (message: GeneratorMessage): Promise<void> => new Promise((resolve) => process.send!(message, () => resolve()))

async function main(): Promise<void> {
  const [file, request] = process.argv.slice(2)
  const outcome = await readHeaders(file!)
    .then((headers) => run(JSON.parse(request!) as Omit<LoadRequest, 'headers'>, headers, () => void send({ started: true })))
    .then(
      (result): GeneratorMessage => ({ result }),
      (error: unknown): GeneratorMessage => ({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    )
  await send(outcome)
  // The IPC channel is the last handle: once it is closed the process exits.
  process.disconnect()
}

void main()
