/**
 * The HTTP load tests' CPU pinning, decided by the CLI: this process (the
 * server, on its main thread) on CPU 0, every one of its threads, and each
 * load generator on CPU 1 (service-load.ts), so the scheduler never puts
 * the two on one core. Undone when the load tests are over: the instances
 * bench's servers are worker threads of this process, and must not share
 * one core.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { TASKSET } from './service-load.js'

/** Where the load tests' server and load generators run. */
export interface Pinning {
  /** The CPU every load generator is pinned to; none when nothing is pinned. */
  readonly loadCpu?: number
  /** What was pinned, or why nothing was: for the report. */
  readonly description: string
}

export const SERVER_CPU = 0
export const LOAD_CPU = 1

/**
 * Run `use` with this process on `SERVER_CPU` and the load generators on `LOAD_CPU`, when `pin` is asked,
 * there are two CPUs and `taskset` is installed; then give the process back the CPUs it had.
 *
 * @throws {Error} `taskset` failed, or what `use` throws
 */
export async function withPinning<T>(pin: boolean, use: (pinning: Pinning) => Promise<T>): Promise<T> {
  if (!pin) return use({ description: 'none (--no-pin)' })
  if (availableParallelism() < 2) return use({ description: 'none: one CPU' })
  if (!existsSync(TASKSET)) return use({ description: `none: no ${TASKSET}` })
  const pid = String(process.pid)
  // `pid 123's current affinity list: 0,1`
  const cpus = execFileSync(TASKSET, ['-c', '-p', pid], { encoding: 'utf8' }).trim().split(' ').at(-1)!
  execFileSync(TASKSET, ['-a', '-p', '-c', String(SERVER_CPU), pid], { stdio: 'ignore' })
  try {
    return await use({ loadCpu: LOAD_CPU, description: `server on CPU ${SERVER_CPU}, load generator on CPU ${LOAD_CPU}` })
  } finally {
    execFileSync(TASKSET, ['-a', '-p', '-c', cpus, pid], { stdio: 'ignore' })
  }
}
