import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { SummaryReporter } from './scripts/summary-reporter.js'

// One root config: every package's tests run in one vitest process, and
// workspace packages resolve to their TypeScript sources through the
// `capchain-source` export condition, so tests never depend on a stale build.
export default defineConfig({
  resolve: { conditions: ['capchain-source'] },
  ssr: { resolve: { conditions: ['capchain-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    benchmark: { include: ['packages/*/bench/**/*.bench.ts'] },
    testTimeout: 30_000,
    pool: 'threads',
    // Vitest's default leaves one core idle; two workers keep both busy on the 2-core CI machine (issue 17: the test command in ≤ 5 min).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', new SummaryReporter()],
  },
})
