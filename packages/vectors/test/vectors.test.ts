/**
 * The published vectors (test-vectors/) are exactly what the generator makes:
 * regenerate them in memory and compare byte for byte, so code and vectors
 * never drift apart. On failure, regenerate with
 * `pnpm --filter @capchain/vectors generate` and review the diff.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { findDrift, generateVectors, VECTORS_DIR } from '../src/index.js'
import type { GeneratedFile } from '../src/index.js'

const REGENERATE = 'run `pnpm --filter @capchain/vectors generate` and commit test-vectors/'
const committed = readdirSync(VECTORS_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()

let files: GeneratedFile[]
let seconds: number

beforeAll(async () => {
  const started = performance.now()
  files = await generateVectors()
  seconds = (performance.now() - started) / 1000
})

describe('test-vectors/', () => {
  it.each(committed)('%s is what the generator makes', (name) => {
    const drift = findDrift(VECTORS_DIR, files).filter((d) => d.file === name)
    expect(drift.map((d) => `test-vectors/${d.file} ${d.problem}`), `test-vectors/${name} has drifted: ${REGENERATE}`).toEqual([])
  })

  it('holds every file the generator makes', () => {
    const missing = files.map((file) => file.name).filter((name) => !committed.includes(name))
    expect(missing, `generated but not committed: ${REGENERATE}`).toEqual([])
  })

  it('is generated in well under 10 seconds', () => {
    expect(seconds).toBeLessThan(10)
  })
})

describe('findDrift', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capchain-vectors-'))
  writeFileSync(join(dir, 'a.json'), '{\n  "a": 1\n}\n')
  writeFileSync(join(dir, 'b.json'), '{}\n')

  it('finds nothing when every file matches', () => {
    expect(findDrift(dir, [{ name: 'a.json', text: '{\n  "a": 1\n}\n' }, { name: 'b.json', text: '{}\n' }])).toEqual([])
  })

  it('names a changed file and the first line that differs', () => {
    expect(findDrift(dir, [{ name: 'a.json', text: '{\n  "a": 2\n}\n' }, { name: 'b.json', text: '{}\n' }])).toEqual([
      { file: 'a.json', problem: 'differs from the generator from line 2' },
    ])
  })

  it('names a generated file that is missing and a committed one no suite makes', () => {
    expect(findDrift(dir, [{ name: 'a.json', text: '{\n  "a": 1\n}\n' }, { name: 'c.json', text: '{}\n' }])).toEqual([
      { file: 'c.json', problem: 'missing: the generator makes it, but it is not committed' },
      { file: 'b.json', problem: 'not generated: no suite makes it any more' },
    ])
  })
})
