/**
 * The measuring loop: cases run in rounds, side by side, so that a slower or
 * faster moment of the machine touches every case of a round alike; each
 * round gives one sample per case (mean time of one batch of operations),
 * and a case's figure is the median of its samples.
 */

export interface BenchCase {
  readonly id: string
  /** Cases of one group are measured in the same interleaved rounds; groups one after the other (see `measure`). */
  readonly group?: string
  /**
   * Untimed: make what the next `count` operations will consume (new tokens,
   * so that every operation sees tokens it has never seen). Called before
   * each warm-up batch, then before each round for that round's batch.
   */
  readonly prepare?: (count: number) => Promise<void> | void
  /** One operation; `n` counts this case's operations from 0. Sync or async. */
  readonly run: (n: number) => unknown
}

export interface MeasureOptions {
  readonly rounds: number
  /** Target duration of one batch. */
  readonly batchMs: number
  /** Duration of the untimed warm-up (JIT) that also sizes the batches. */
  readonly warmupMs: number
  readonly onProgress?: (message: string) => void
}

export interface CaseResult {
  readonly id: string
  /** Microseconds per operation, one sample per round. */
  readonly samples: readonly number[]
  readonly batch: number
  readonly operations: number
}

interface State {
  readonly c: BenchCase
  n: number
  batch: number
  async: boolean
  readonly samples: number[]
}

const now = () => process.hrtime.bigint()

/** Rounds run and discarded before the measured ones (see `measure`). */
const SETTLING_ROUNDS = 3


async function runBatch(state: State, count: number, prepare = true): Promise<number> {
  const { c } = state
  if (prepare && c.prepare !== undefined) await c.prepare(count)
  const start = now()
  if (state.async) {
    for (let i = 0; i < count; i++) await c.run(state.n++)
  } else {
    for (let i = 0; i < count; i++) c.run(state.n++)
  }
  return Number(now() - start) / 1000
}

/** A fixed shuffle per round (a small LCG): no case always runs first or last. */
function order(length: number, round: number): number[] {
  const indices = Array.from({ length }, (_, i) => i)
  let seed = (round + 1) * 2654435761
  for (let i = length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    const j = seed % (i + 1)
    ;[indices[i], indices[j]] = [indices[j]!, indices[i]!]
  }
  return indices
}

/**
 * Cases are measured in groups (`BenchCase.group`), one group after the
 * other, each with its own warm-up and its own interleaved rounds. The peers
 * allocate 50-100 times more per operation than capchain; interleaved with
 * them, capchain's batches would pay for their garbage (the collector runs
 * for the whole process), and the floor, which allocates nothing, never
 * would. Within a group (capchain and its floors; iso-ucan; ucanto) every
 * ratio is taken between cases measured side by side.
 */
export async function measure(cases: readonly BenchCase[], options: MeasureOptions): Promise<CaseResult[]> {
  const states: State[] = cases.map((c) => ({ c, n: 0, batch: 1, async: false, samples: [] }))
  const groups = [...new Set(cases.map((c) => c.group ?? ''))]
  for (const group of groups) {
    const members = states.filter((s) => (s.c.group ?? '') === group)
    options.onProgress?.(`group ${group || '(default)'}: ${members.length} cases`)
    for (const state of members) await warmUp(state, options)
    // Untimed rounds first: the collector catches up with what warming up
    // left (otherwise paid for by whichever cases allocate, and never by the floor).
    for (let round = -SETTLING_ROUNDS; round < options.rounds; round++) {
      // What this round consumes is minted before it (untimed), a round at a
      // time: minting everything ahead would keep hundreds of MB live, and a
      // large live heap makes every major collection (paid by the cases that
      // allocate) slower than in a service.
      for (const state of members) await state.c.prepare?.(state.batch)
      for (const index of order(members.length, round + SETTLING_ROUNDS)) {
        const state = members[index]!
        const us = await runBatch(state, state.batch, false)
        if (round >= 0) state.samples.push(us / state.batch)
      }
    }
    options.onProgress?.(`  ${options.rounds} rounds done (rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB)`)
  }
  return states.map((s) => ({ id: s.c.id, samples: s.samples, batch: s.batch, operations: s.n }))
}

/** Run a case for `warmupMs` (untimed for the results), doubling the batch; the last batch sizes the real ones. */
async function warmUp(state: State, options: MeasureOptions): Promise<void> {
  if (state.c.prepare !== undefined) await state.c.prepare(1)
  const first = state.c.run(state.n++)
  state.async = typeof (first as { then?: unknown } | undefined)?.then === 'function'
  if (state.async) await first
  let count = 1
  let spent = 0
  let perOp = 0
  while (spent < options.warmupMs * 1000) {
    const us = await runBatch(state, count)
    spent += us
    perOp = us / count
    count = Math.min(count * 2, Math.max(1, Math.ceil((options.warmupMs * 1000 - spent) / Math.max(perOp, 0.01))))
  }
  state.batch = Math.max(1, Math.round((options.batchMs * 1000) / Math.max(perOp, 0.01)))
  options.onProgress?.(`  warmed up ${state.c.id}: ~${perOp.toFixed(1)} µs/op, batches of ${state.batch}`)
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}
