import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the repository root (pnpm-workspace.yaml)')
    dir = parent
  }
  return dir
}

/** The public vector sets: `../shared/vectors` beside the checkout, or CAPCHAIN_VECTORS. Missing is a failure, never a skip. */
export const vectorsDir = resolve(process.env.CAPCHAIN_VECTORS ?? join(repoRoot(), '..', 'shared', 'vectors'))
if (!existsSync(vectorsDir)) throw new Error(`public test vectors not found at ${vectorsDir}`)
