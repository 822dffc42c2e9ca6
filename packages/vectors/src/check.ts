import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GeneratedFile } from './output/interface.js'

/** A vector file in the folder that is not what the generator makes. */
export interface Drift {
  readonly file: string
  readonly problem: string
}

/**
 * Compare generated files with the `.json` files of `dir`, byte for byte:
 * a file whose text differs (with the first line that does), one the
 * generator makes that is not there, and one that is there but no longer generated.
 */
export function findDrift(dir: string, files: readonly GeneratedFile[]): Drift[] {
  const drift: Drift[] = []
  for (const file of files) {
    const path = join(dir, file.name)
    if (!existsSync(path)) {
      drift.push({ file: file.name, problem: 'missing: the generator makes it, but it is not committed' })
      continue
    }
    const committed = readFileSync(path, 'utf8')
    if (committed !== file.text) {
      drift.push({ file: file.name, problem: `differs from the generator from line ${firstDifferentLine(committed, file.text)}` })
    }
  }
  const generated = new Set(files.map((file) => file.name))
  const present = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : []
  for (const name of present.sort()) {
    if (!generated.has(name)) drift.push({ file: name, problem: 'not generated: no suite makes it any more' })
  }
  return drift
}

function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n')
  const right = b.split('\n')
  let line = 0
  while (line < left.length && line < right.length && left[line] === right[line]) line++
  return line + 1
}
