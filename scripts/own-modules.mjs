/**
 * The test files that need a module graph of their own: they replace a
 * module (`vi.mock`), check what a module does before anything registered
 * support in it, or replace globals for good (the bench's apps, served as
 * `@hono/node-server` does by default, put its `Request` and `Response` in
 * place of the global ones). Every other file shares its worker's modules
 * with the files run before it (vitest.config.ts): importing each file's
 * graph afresh took half the suite's time (issue 17: the test command in
 * ≤ 5 min). A file that calls `vi.mock`, or serves with node-server's
 * globals, must be listed here (packages/release/test/own-modules.test.ts
 * finds both).
 */
export const OWN_MODULES = [
  'packages/core/test/principal-cache.test.ts',
  'packages/siwe/test/root-cache.test.ts',
  'packages/siwe/test/pkh-root-cache.test.ts',
  'packages/attacks/test/limits-order.test.ts',
  'packages/verifier/test/lean-did-documents.test.ts',
  'packages/bench/test/guard.test.ts',
  'packages/bench/test/load-phase.test.ts',
  'packages/bench/test/service-load.test.ts',
]
