/**
 * The guard without HTTP: the same ping app and guard driven through
 * Hono's `app.fetch` in this process, ten requests at a time, against the
 * open app the same way, after an unmeasured pass of both; each round is
 * this process's CPU time per request (all its threads: the SQLite
 * store's fsync too), followed by a verify timed alone. No
 * socket, no load generator, no kernel: what is left is the guard's own
 * cost, the verify included, in the unit of the HTTP rows. On a VM whose
 * network stack and caches slow the HTTP rows by half or double them
 * within a run (docs/performance-guard-runs.md, the session of 2026-12-06
 * 21:55 UTC), this is the figure that says whether the guard's code
 * changed. It is not issue 15's target, which is measured over HTTP.
 */
import type { Guard } from '@capchain/guard'
import { pingApp, PING_BODY, PING_PATH } from './guard-app.js'
import type { GuardChain, GuardChainKind } from './guard-chains.js'
import { median } from './measure.js'
import type { MeasureOptions } from './measure.js'
import { measureVerifyUs } from './verify-floor.js'
import type { RawSignature } from './ucan1.js'

/** Requests in flight at once, as the HTTP rows' connections. */
const CONCURRENCY = 10

export interface InProcessOptions {
  /** Guarded requests per round, each a fresh invocation; the open app gets half as many. */
  readonly requests: number
  readonly rounds: number
  readonly floor: Omit<MeasureOptions, 'onProgress'>
}

/** One chain and store, in process: µs per request of each round, and the overhead in verifies. */
export interface InProcessRow {
  readonly chain: GuardChainKind
  readonly store: string
  /** Per round: CPU µs per guarded request, per open request, and wall µs of one raw verify timed alone right after. */
  readonly rounds: readonly { readonly guardedCpuUs: number; readonly openCpuUs: number; readonly verifyUs: number; readonly perVerify: number }[]
  /** The median of the rounds' `(guardedCpuUs − openCpuUs) ÷ verifyUs`. */
  readonly perVerify: number
}

/**
 * Drive `guard` (serving `chain`) and the open app in turn, `options.rounds` times.
 *
 * @throws {Error} a response that is not a 200 with the ping body (a bench bug, or a guard that refused)
 */
export async function inProcessRow(guard: Guard, store: string, chain: GuardChain, signatures: readonly RawSignature[], options: InProcessOptions): Promise<InProcessRow> {
  const guarded = pingApp({ kind: 'guard', guard })
  const open = pingApp({ kind: 'open' })
  const half = (headers: readonly string[]) => headers.slice(0, Math.max(1, Math.floor(headers.length / 2)))
  // Both paths through Hono's fetch warmed before the first round, or its open figure pays for their first calls.
  const warm = await chain.headers(Math.ceil(options.requests / 4))
  await cpuUsPerRequest(open, half(warm))
  await cpuUsPerRequest(guarded, warm)
  const rounds: InProcessRow['rounds'][number][] = []
  for (let round = 0; round < options.rounds; round++) {
    const headers = await chain.headers(options.requests)
    const openCpuUs = await cpuUsPerRequest(open, half(headers))
    const guardedCpuUs = await cpuUsPerRequest(guarded, headers)
    const verifyUs = await measureVerifyUs(signatures, options.floor)
    rounds.push({ guardedCpuUs: round2(guardedCpuUs), openCpuUs: round2(openCpuUs), verifyUs, perVerify: round2((guardedCpuUs - openCpuUs) / verifyUs) })
  }
  return { chain: chain.kind, store, rounds, perVerify: round2(median(rounds.map((r) => r.perVerify))) }
}

/** This process's CPU µs per request of `app` over `headers`, each sent once, `CONCURRENCY` at a time. */
async function cpuUsPerRequest(app: ReturnType<typeof pingApp>, headers: readonly string[]): Promise<number> {
  const url = `http://127.0.0.1${PING_PATH}`
  let next = 0
  const started = process.cpuUsage()
  const worker = async () => {
    while (next < headers.length) {
      const response = await app.fetch(new Request(url, { headers: { authorization: headers[next++]! } }))
      const body = await response.text()
      if (response.status !== 200 || body !== PING_BODY) throw new Error(`in-process ping answered ${response.status}: ${body}`)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const used = process.cpuUsage(started)
  return (used.user + used.system) / headers.length
}

const round2 = (n: number) => Number(n.toFixed(2))
