/**
 * `pnpm fuzz [target…]`: every property test (`packages/<pkg>/test/**\/<name>.property.test.ts`,
 * target `<pkg>/<name>`) at full case count, one vitest process per target,
 * `--workers` of them at a time. Cases, seed and timeouts reach the tests
 * through CAPCHAIN_FUZZ_RUNS and CAPCHAIN_FUZZ_SEED (packages/attacks/test/support/fuzz-run.ts).
 * Prints each target's output when it ends, then a table of wall times and results.
 *
 *   pnpm fuzz                       every target, 100,000 cases per property
 *   pnpm fuzz core/token siwe/cacao two targets
 *   pnpm fuzz --runs 1000 --seed 7  fewer cases, a fixed seed
 *   pnpm fuzz --list                the targets
 */
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    workers: { type: 'string', default: '2' },
    list: { type: 'boolean', default: false },
  },
})

/** Every `*.property.test.ts` under packages/<pkg>/test, by target name `<pkg>/<name>`. */
function discoverTargets() {
  const targets = new Map()
  for (const pkg of readdirSync(path.join(root, 'packages')).sort()) {
    const dir = path.join('packages', pkg, 'test')
    let files
    try {
      files = readdirSync(path.join(root, dir), { recursive: true })
    } catch {
      continue
    }
    for (const file of files.map(String).sort()) {
      if (file.endsWith('.property.test.ts')) targets.set(`${pkg}/${path.basename(file, '.property.test.ts')}`, path.join(dir, file))
    }
  }
  return targets
}

/** A positive integer option, or exit with a usage message. */
function integerOption(name, text) {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer, got ${text}`)
    process.exit(2)
  }
  return value
}

const targets = discoverTargets()
if (values.list) {
  for (const [name, file] of targets) console.log(`${name.padEnd(28)} ${file}`)
  process.exit(0)
}
const unknown = positionals.filter((name) => !targets.has(name))
if (unknown.length > 0) {
  console.error(`unknown target ${unknown.join(', ')}; targets: ${[...targets.keys()].join(', ')}`)
  process.exit(2)
}
const runs = integerOption('runs', values.runs)
const workers = integerOption('workers', values.workers)
// One seed for the whole run, printed, so that any failure can be replayed with --seed.
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : integerOption('seed', values.seed)
const chosen = positionals.length > 0 ? positionals : [...targets.keys()]

const vitest = path.join(root, 'node_modules', '.bin', 'vitest')
const env = { ...process.env, CAPCHAIN_FUZZ_RUNS: String(runs), CAPCHAIN_FUZZ_SEED: String(seed), NO_COLOR: '1' }

/** Run one target's file in its own vitest process; resolves to its wall time and exit code. */
function runTarget(name) {
  const start = performance.now()
  return new Promise((resolve) => {
    // One worker per process: the parallelism is across targets, `--workers` of them.
    const child = spawn(vitest, ['run', targets.get(name), '--maxWorkers=1', '--reporter=verbose'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const output = []
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000
      process.stdout.write(`\n===== ${name} (${seconds.toFixed(0)} s, ${code === 0 ? 'passed' : 'FAILED'})\n${Buffer.concat(output).toString()}`)
      resolve({ name, seconds, code })
    })
  })
}

console.log(`fuzz: ${chosen.length} targets, ${runs} cases per property, seed ${seed}, ${workers} at a time`)
const start = performance.now()
const queue = [...chosen]
const results = []
await Promise.all(
  Array.from({ length: Math.min(workers, queue.length) }, async () => {
    while (queue.length > 0) results.push(await runTarget(queue.shift()))
  }),
)
const failed = results.filter((result) => result.code !== 0)
console.log(`\nfuzz: ${runs} cases per property, seed ${seed}, ${((performance.now() - start) / 1000).toFixed(0)} s in all`)
for (const name of chosen) {
  const { seconds, code } = results.find((result) => result.name === name)
  console.log(`  ${name.padEnd(28)} ${`${seconds.toFixed(0)} s`.padStart(7)}  ${code === 0 ? 'passed' : 'FAILED'}`)
}
process.exit(failed.length === 0 ? 0 : 1)
