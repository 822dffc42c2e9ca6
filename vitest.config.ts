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
    reporters: ['default', new SummaryReporter()],
  },
})
