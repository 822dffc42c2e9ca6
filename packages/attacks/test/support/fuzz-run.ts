/**
 * How every property test of the repository runs: its case count, its seed,
 * its timeout, and what it prints. One mechanism, imported by each
 * `*.property.test.ts` (other packages import this file by relative path).
 *
 * `CAPCHAIN_FUZZ_RUNS` sets the cases per property: a short default so that
 * CI stays fast, 100,000 under `pnpm fuzz`. `CAPCHAIN_FUZZ_SEED` fixes the
 * seed (random otherwise). Every property prints `<target>: N cases, seed S`;
 * a failure prints fast-check's shrunk counterexample, its seed and path.
 */
import path from 'node:path'
import fc from 'fast-check'
import { expect } from 'vitest'

const DEFAULT_RUNS = 200

/** A positive safe integer from the environment variable `name`, or `fallback` when unset. */
function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  // A typo must not quietly fall back to the short CI count and call it a full run.
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${text}`)
  return value
}

/** Cases per property (`CAPCHAIN_FUZZ_RUNS`, default 200). */
export const FUZZ_RUNS = Math.max(1, positiveInteger('CAPCHAIN_FUZZ_RUNS', DEFAULT_RUNS))

/** The seed of every property in this process (`CAPCHAIN_FUZZ_SEED`, random otherwise), so a run can be replayed. */
export const FUZZ_SEED = positiveInteger('CAPCHAIN_FUZZ_SEED', Math.floor(Math.random() * 2 ** 31))

/** Time allowed for anything but the cases themselves: startup, fixtures, a slow shared machine. */
const BASE_TIMEOUT_MS = 30_000

/**
 * A test timeout scaled to the case count, so that a long run is never cut
 * short: 30 s, plus `msPerCase` for each of `runs` cases. `msPerCase` is a
 * generous bound on one case (several times its measured cost on a busy
 * 2-core machine), not an estimate.
 */
export function fuzzTimeout(msPerCase: number, runs: number = FUZZ_RUNS): number {
  return BASE_TIMEOUT_MS + Math.ceil(runs * msPerCase)
}

/** The running test's name, prefixed by its file relative to the working directory. */
function currentTarget(): string {
  const { testPath, currentTestName } = expect.getState()
  const file = testPath === undefined ? '' : `${path.relative(process.cwd(), testPath)} > `
  return `${file}${currentTestName ?? 'property'}`
}

/**
 * Parameters for `fc.assert`: `runs` cases (default {@link FUZZ_RUNS}), the
 * shared seed, no time limit. On success it prints the count and the seed;
 * on failure it throws fast-check's report (counterexample shrunk, seed,
 * path, and every failure met on the way).
 *
 * @throws {Error} (from the reporter, when the property runs) the property failed, or ran fewer cases than asked
 */
export function fuzzParameters<T>(runs: number = FUZZ_RUNS): fc.Parameters<T> {
  const target = currentTarget()
  return {
    numRuns: runs,
    seed: FUZZ_SEED,
    verbose: fc.VerbosityLevel.Verbose,
    markInterruptAsFailure: true,
    reporter: (details) => {
      if (details.failed) {
        // The report names the counterexample; the property's own error says what about it was wrong.
        const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
        throw new Error(`${target}: failed after ${details.numRuns} cases, seed ${details.seed}\n${fc.defaultReportMessage(details)}\nError: ${error}`, {
          cause: details.errorInstance,
        })
      }
      // A run stopped early (a time limit, too many skipped cases) is not the count it claims.
      if (details.numRuns < runs) throw new Error(`${target}: ran ${details.numRuns} of ${runs} cases (${details.numSkips} skipped), seed ${details.seed}`)
      console.log(`${target}: ${details.numRuns} cases, seed ${details.seed}${details.numSkips > 0 ? ` (${details.numSkips} skipped by preconditions)` : ''}`)
    },
  }
}
