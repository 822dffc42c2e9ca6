import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: the nearest directory above this file holding pnpm-workspace.yaml. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error('pnpm-workspace.yaml not found above the policy tests')
    dir = parent
  }
}

/**
 * The shared public vectors: `$CAPCHAIN_VECTORS`, else `../shared/vectors`
 * from the repository root. A missing folder is an error, never a skip:
 * conformance tests that silently do not run prove nothing.
 */
export function vectorsDir(): string {
  const dir = process.env.CAPCHAIN_VECTORS ?? resolve(repoRoot(), '../shared/vectors')
  if (!existsSync(dir)) {
    throw new Error(`test vectors not found at ${dir}; set CAPCHAIN_VECTORS to the shared vectors folder`)
  }
  return dir
}

/** Reads and parses a JSON vector file, e.g. `ucan-1.0.0/policy.json`. */
export function readVectorJson(path: string): unknown {
  return JSON.parse(readFileSync(join(vectorsDir(), path), 'utf8'))
}
