/**
 * One load phase: autocannon in a worker thread (service-load-worker.ts)
 * against a service listening on loopback in this process.
 */
import { startWorker } from './worker.js'

export interface LoadRequest {
  /** The file's URL, on 127.0.0.1. */
  readonly url: string
  /** One `Authorization` header per request, in order. */
  readonly headers: readonly string[]
  /** `fresh`: each header once (a reuse is counted, and is a replay); `cycle`: round the pool. */
  readonly pool: 'fresh' | 'cycle'
  readonly connections: number
  /** Time-bounded phase… */
  readonly seconds?: number
  /** …or this many requests (the test). */
  readonly amount?: number
  /** The file's content: a response with another body is a mismatch. */
  readonly expectBody: string
}

export interface LoadResult {
  /** 200 responses ÷ the phase's duration. */
  readonly requestsPerSecond: number
  /** autocannon's own figure: the mean of its per-second samples (all statuses). */
  readonly meanRequestsPerSecond: number
  readonly responses: number
  readonly seconds: number
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number }
  readonly statusCodes: Readonly<Record<string, number>>
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
  readonly mismatches: number
  readonly headersUsed: number
  /** Fresh headers used twice because the pool ran out (replays): must be 0. */
  readonly reusedFreshHeaders: number
}

/** Whether every response was a 200 with the file, and no invocation was sent twice. */
export function loadIsValid(r: LoadResult): boolean {
  const other = Object.entries(r.statusCodes).some(([code, n]) => code !== '200' && n > 0)
  return r.responses > 0 && !other && r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && r.mismatches === 0 && r.reusedFreshHeaders === 0
}

/**
 * @throws {Error} the worker failed, or took far longer than the phase (a hung service)
 */
export function runLoad(request: LoadRequest): Promise<LoadResult> {
  const worker = startWorker('service-load-worker', request)
  const limitMs = ((request.seconds ?? 10) + 30) * 1000
  return new Promise<LoadResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate()
      reject(new Error(`the load phase did not end within ${limitMs / 1000} s`))
    }, limitMs)
    worker.once('message', (message: { result?: LoadResult; error?: string }) => {
      clearTimeout(timer)
      void worker.terminate()
      if (message.result !== undefined) resolve(message.result)
      else reject(new Error(`load worker: ${message.error}`))
    })
    worker.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}
