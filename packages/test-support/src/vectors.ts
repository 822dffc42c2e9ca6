/**
 * Where the public test vectors live, and a JSON reader for them.
 *
 * The vectors are not in the repository: they are read from `../shared/vectors`
 * next to the repository root (the directory holding pnpm-workspace.yaml), or
 * from `$CAPCHAIN_VECTORS`. A missing folder is an error, never a skip: a
 * conformance suite that silently runs nothing proves nothing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRepoRoot(start: string): string {
  let dir = start
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${start}: cannot locate the repository root`)
    dir = parent
  }
}

function locateVectors(): string {
  const override = process.env.CAPCHAIN_VECTORS
  const dir =
    override !== undefined && override !== ''
      ? resolve(override)
      : resolve(findRepoRoot(dirname(fileURLToPath(import.meta.url))), '..', 'shared', 'vectors')
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(
      `test vectors not found at ${dir}: check out the shared vectors next to the repository ` +
        '(../shared/vectors) or set CAPCHAIN_VECTORS to their folder',
    )
  }
  return dir
}

/** Absolute path of the shared vectors folder. Importing this module throws if it is missing. */
export const vectorsDir: string = locateVectors()

/** Parses `relPath` (e.g. `wycheproof/ed25519_test.json`) under `vectorsDir`; throws if absent. */
export function readVectorJson<T = unknown>(relPath: string): T {
  return JSON.parse(readFileSync(join(vectorsDir, relPath), 'utf8')) as T
}

