/**
 * One load run: autocannon in a child process (load-generator.ts) against
 * a service listening on loopback in this process. The generator has a
 * process of its own, as in any load test of a server: in a worker thread
 * of the serving process it shared the server's V8 platform threads (one
 * pool of GC helpers for every isolate of a process) and libuv pool, and
 * that interference was counted as the route's cost. The caller may pin
 * the generator to a CPU (`cpu`, with `taskset`).
 *
 * Around the load, from the generator's start to its result, this process
 * counts its own CPU time (`process.cpuUsage`: every thread of the process,
 * and nothing of the generator's): per response, what the route costs the
 * server; over the wall time, how busy the server was. Near 1 the route
 * set the pace; well below, part of the requests/s is the generator's.
 * Of that CPU, the time V8 spent collecting garbage (`gc` performance
 * entries) is counted apart: what a route allocates, and keeps alive, it
 * pays there.
 */
import { spawn } from 'node:child_process'
import { PerformanceObserver } from 'node:perf_hooks'
import { existsSync } from 'node:fs'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

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

/** What the generator measures (load-generator.ts). */
export interface GeneratorResult {
  /** 200 responses ÷ the phase's duration. */
  readonly requestsPerSecond: number
  /** autocannon's own figure: the mean of its samples (all statuses), per second. */
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

export interface LoadResult extends GeneratorResult {
  /**
   * This process's CPU time (all its threads) during the load ÷ `responses`, µs. Everything the process
   * ran meanwhile counts: with two services in it loaded at once (the instances bench), both.
   */
  readonly serverCpuUsPerRequest: number
  /** This process's CPU time ÷ the wall time of the load: 1 is one core busy throughout. */
  readonly serverUtilization: number
  /** Milliseconds of garbage collection (every kind, pauses as V8 reports them) in this process during the load ÷ `responses`, µs. */
  readonly serverGcUsPerRequest: number
}

/** What the generator sends its parent over IPC. */
export type GeneratorMessage = { readonly started: true } | { readonly result: GeneratorResult } | { readonly error: string }

/** How the generator's process is run. */
export interface LoadProcessOptions {
  /** Pin the generator to this CPU (`taskset -c`), if `taskset` is installed. */
  readonly cpu?: number
  /** Kill the generator and fail after this long; default the run's seconds (or 10) + 30 s. */
  readonly limitMs?: number
}

/** The generator failed, or took longer than its limit (`timedOut`, a hung service); its process is gone either way. */
export class LoadGeneratorError extends Error {
  override readonly name = 'LoadGeneratorError'

  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message)
  }
}

export const TASKSET = '/usr/bin/taskset'

/** Whether every response was a 200 with the file, and no invocation was sent twice. */
export function loadIsValid(r: GeneratorResult): boolean {
  const other = Object.entries(r.statusCodes).some(([code, n]) => code !== '200' && n > 0)
  return r.responses > 0 && !other && r.non2xx === 0 && r.errors === 0 && r.timeouts === 0 && r.mismatches === 0 && r.reusedFreshHeaders === 0
}

/**
 * Run `request` from a generator process of its own; resolves once that process has exited.
 *
 * @throws {LoadGeneratorError} the generator failed, or took longer than `limitMs` (a hung service)
 */
export async function runLoad(request: LoadRequest, options: LoadProcessOptions = {}): Promise<LoadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'capchain-bench-load-'))
  try {
    const file = join(dir, 'headers')
    await writeHeaders(file, request.headers)
    const { headers: _, ...rest } = request
    return await generate(file, rest, options.limitMs ?? ((request.seconds ?? 10) + 30) * 1000, options.cpu)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** One a line, in batches: the whole pool joined could be longer than a string can be. */
async function writeHeaders(file: string, headers: readonly string[]): Promise<void> {
  const handle = await open(file, 'w')
  try {
    for (let i = 0; i < headers.length; i += 10_000) await handle.write(`${headers.slice(i, i + 10_000).join('\n')}\n`)
  } finally {
    await handle.close()
  }
}

function generate(file: string, request: Omit<LoadRequest, 'headers'>, limitMs: number, cpu: number | undefined): Promise<LoadResult> {
  const node = [process.execPath, ...generatorScript(), file, JSON.stringify(request)]
  const command = cpu !== undefined && existsSync(TASKSET) ? [TASKSET, '-c', String(cpu), ...node] : node
  // Its output goes to this process's stderr: the bench's stdout is its report.
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 2, 2, 'ipc'] })
  return new Promise<LoadResult>((resolve, reject) => {
    let outcome: { result: LoadResult } | { error: LoadGeneratorError } | undefined
    let startCpu: NodeJS.CpuUsage | undefined
    let startNs = 0n
    let startGcMs = 0
    const timer = setTimeout(() => {
      outcome = { error: new LoadGeneratorError(`the load generator did not finish within ${limitMs / 1000} s (a hung service?); killed`, true) }
      child.kill('SIGKILL')
    }, limitMs)
    child.on('message', (message: GeneratorMessage) => {
      if ('started' in message) {
        startCpu = process.cpuUsage()
        startNs = process.hrtime.bigint()
        startGcMs = gcMilliseconds()
      } else if ('result' in message && outcome === undefined) {
        outcome =
          startCpu === undefined
            ? { error: new LoadGeneratorError('the load generator sent a result without starting', false) }
            : { result: withServerCpu(message.result, startCpu, startNs, startGcMs) }
      } else if ('error' in message && outcome === undefined) outcome = { error: new LoadGeneratorError(`load generator: ${message.error}`, false) }
    })
    child.once('error', (error) => {
      const failed = new LoadGeneratorError(`load generator: ${error.message}`, false)
      outcome ??= { error: failed }
      // Not started at all (no process to wait for): nothing else will be emitted.
      if (child.pid === undefined) {
        clearTimeout(timer)
        reject(failed)
      }
    })
    // Settled only once the process is gone (and its CPU time no longer anyone's).
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (outcome === undefined) reject(new LoadGeneratorError(`the load generator exited (${signal ?? `code ${code}`}) without a result`, false))
      else if ('result' in outcome) resolve(outcome.result)
      else reject(outcome.error)
    })
  })
}

/** This process's CPU time from the generator's start to now, per response and over the wall time, and its garbage collection per response. */
function withServerCpu(result: GeneratorResult, start: NodeJS.CpuUsage, startNs: bigint, startGcMs: number): LoadResult {
  const cpu = process.cpuUsage(start)
  const cpuUs = cpu.user + cpu.system
  const wallUs = Number(process.hrtime.bigint() - startNs) / 1000
  const gcUs = (gcMilliseconds() - startGcMs) * 1000
  return {
    ...result,
    serverCpuUsPerRequest: result.responses === 0 ? 0 : Number((cpuUs / result.responses).toFixed(2)),
    serverUtilization: Number((cpuUs / wallUs).toFixed(3)),
    serverGcUsPerRequest: result.responses === 0 ? 0 : Number((gcUs / result.responses).toFixed(2)),
  }
}

let gcObserved = 0
let gcObserver: PerformanceObserver | undefined

/**
 * Milliseconds of garbage collection in this process since the first call. The entries arrive a little
 * after each collection: a load run's figure can miss its last one (a millisecond or two over 10 s).
 */
function gcMilliseconds(): number {
  if (gcObserver === undefined) {
    gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcObserved += entry.duration
    })
    gcObserver.observe({ entryTypes: ['gc'] })
  }
  return gcObserved
}

/** The generator's module and what node needs to run it: its build next to this module, or its source through tsx (the tests). */
function generatorScript(): string[] {
  if (!import.meta.url.endsWith('.ts')) return [fileURLToPath(new URL('./load-generator.js', import.meta.url))]
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  return ['--import', tsx, fileURLToPath(new URL('./load-generator.ts', import.meta.url))]
}
