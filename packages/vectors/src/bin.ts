#!/usr/bin/env node
/**
 * `generate [--check] [--out DIR]`: write the vectors to DIR (default the
 * repository's test-vectors/), or with `--check` write nothing and exit 1
 * when the files there differ from what the generator makes.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { findDrift } from './check.js'
import { generateVectors } from './generate.js'
import { VECTORS_DIR } from './location.js'

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, out: { type: 'string' } } })
const dir = values.out === undefined ? VECTORS_DIR : resolve(values.out)
const files = await generateVectors()

if (values.check) {
  const drift = findDrift(dir, files)
  for (const { file, problem } of drift) console.error(`${join(dir, file)} ${problem}`)
  if (drift.length > 0) {
    console.error('the committed vectors differ from the generator: run `pnpm --filter @capchain/vectors generate` and commit test-vectors/')
    process.exit(1)
  }
  console.log(`${files.length} vector files match the generator`)
} else {
  mkdirSync(dir, { recursive: true })
  // A file the generator no longer makes would otherwise linger as a stale vector.
  const generated = new Set(files.map((file) => file.name))
  for (const name of readdirSync(dir)) if (name.endsWith('.json') && !generated.has(name)) rmSync(join(dir, name))
  for (const file of files) writeFileSync(join(dir, file.name), file.text)
  console.log(`wrote ${files.length} vector files to ${dir}`)
}
