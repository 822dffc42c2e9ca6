import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { OWN_MODULES } from './scripts/own-modules.mjs'
import { SummaryReporter } from './scripts/summary-reporter.js'

const TESTS = ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts']

// One root config: every package's tests run in one vitest process, and
// workspace packages resolve to their TypeScript sources through the
// `capchain-source` export condition, so tests never depend on a stale build.
export default defineConfig({
  resolve: { conditions: ['capchain-source'] },
  ssr: { resolve: { conditions: ['capchain-source'] } },
  test: {
    testTimeout: 30_000,
    pool: 'threads',
    // Vitest's default leaves one core idle; two workers keep both busy on the 2-core CI machine (issue 17: the test command in ≤ 5 min).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', new SummaryReporter()],
    // A worker's test files share their modules, but for the few that need a graph of their own (scripts/own-modules.mjs).
    projects: [
      {
        extends: true,
        test: { name: 'shared-modules', include: TESTS, exclude: [...OWN_MODULES], isolate: false, benchmark: { include: ['packages/*/bench/**/*.bench.ts'] } },
      },
      // No benchmarks here (vitest's default would find them all again): they run once, above.
      { extends: true, test: { name: 'own-modules', include: [...OWN_MODULES], isolate: true, benchmark: { exclude: ['**'] } } },
    ],
  },
})
