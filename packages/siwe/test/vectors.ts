/**
 * Access to the shared public test vectors (`../shared/vectors/` beside the
 * repository root, or `$CAPCHAIN_VECTORS`). A missing folder or file throws, so
 * a test run without the vectors fails instead of passing vacuously.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('no pnpm-workspace.yaml above the siwe tests: cannot find the repository root')
    dir = parent
  }
  return dir
}

/** Absolute path of the vectors folder. */
export const VECTORS_DIR = resolve(process.env.CAPCHAIN_VECTORS ?? join(repoRoot(), '..', 'shared', 'vectors'))

if (!existsSync(VECTORS_DIR)) {
  throw new Error(`test vectors not found at ${VECTORS_DIR}; set CAPCHAIN_VECTORS to the shared vectors folder`)
}

/** Parse one vector file, e.g. `readVectors('siwe/parsing_positive.json')`. */
export function readVectors<T>(relativePath: string): T {
  const path = join(VECTORS_DIR, relativePath)
  if (!existsSync(path)) throw new Error(`test vector file missing: ${path}`)
  return JSON.parse(readFileSync(path, 'utf8')) as T
}
