import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { SummaryReporter } from './scripts/summary-reporter.js'

const TESTS = ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts']

/**
 * The test files that need a module graph of their own: they replace a
 * module (`vi.mock`), or check what a module does before anything
 * registered support in it. Every other file shares its worker's modules
 * with the files run before it: importing each file's graph afresh took
 * half the suite's time (issue 17: the test command in ≤ 5 min).
 */
const OWN_MODULES = [
  'packages/core/test/principal-cache.test.ts',
  'packages/siwe/test/root-cache.test.ts',
  'packages/siwe/test/pkh-root-cache.test.ts',
  'packages/attacks/test/limits-order.test.ts',
  'packages/verifier/test/lean-did-documents.test.ts',
]

// One root config: every package's tests run in one vitest process, and
// workspace packages resolve to their TypeScript sources through the
// `capchain-source` export condition, so tests never depend on a stale build.
export default defineConfig({
  resolve: { conditions: ['capchain-source'] },
  ssr: { resolve: { conditions: ['capchain-source'] } },
  test: {
    benchmark: { include: ['packages/*/bench/**/*.bench.ts'] },
    testTimeout: 30_000,
    pool: 'threads',
    // Vitest's default leaves one core idle; two workers keep both busy on the 2-core CI machine (issue 17: the test command in ≤ 5 min).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', new SummaryReporter()],
    projects: [
      { extends: true, test: { name: 'shared-modules', include: TESTS, exclude: OWN_MODULES, isolate: false } },
      { extends: true, test: { name: 'own-modules', include: OWN_MODULES, isolate: true } },
    ],
  },
})
