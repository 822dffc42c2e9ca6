/**
 * `@capchain/vectors`: generates the conformance vectors published in
 * test-vectors/ (docs/conformance.md) from fixed keys, nonces and times.
 * `pnpm --filter @capchain/vectors generate` writes them; `--check` fails
 * when the committed files differ from what the code generates.
 */
export { generateVectors } from './generate.js'
export { findDrift } from './check.js'
export type { Drift } from './check.js'
export type { GeneratedFile } from './output/interface.js'
export { VECTORS_DIR } from './location.js'
