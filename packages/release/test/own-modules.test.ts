/**
 * The test files that share their worker's modules (vitest.config.ts) must
 * not replace a module: `vi.mock` is hoisted above the file's imports, and
 * a module some earlier file already imported would stay the real one, so
 * the mock would silently not apply. Nor may they replace globals for good,
 * as `@hono/node-server` does when it serves with `overrideGlobalObjects`
 * (its default, and the way the bench serves its apps): the files
 * run after them would get its `Request` and `Response`. Every file that
 * does either is listed in `OWN_MODULES` (scripts/own-modules.mjs), and
 * runs with a module graph of its own.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { OWN_MODULES } from '../../../scripts/own-modules.mjs'

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')
// A call at the start of a line, as vitest hoists them: not one quoted inside a string.
const REPLACES_A_MODULE = /^\s*vi\.(?:mock|doMock|unmock|resetModules)\(/m

// Serving with node-server's globals: asked for anywhere, or, in the bench's tests, through its functions that serve so (guard-app.ts, guard.ts).
const ASKS_FOR_NODE_SERVER_GLOBALS = /overrideGlobalObjects:\s*true/
const SERVES_AS_THE_BENCH = /\b(?:withApp|serve|runGuardBench)\(/
const BENCH_TESTS = `packages${path.sep}bench${path.sep}`

/** Whether the test file `file`, whose text is `source`, replaces a module or, for good, a global. */
function needsOwnModules(file: string, source: string): boolean {
  return (
    REPLACES_A_MODULE.test(source) ||
    ASKS_FOR_NODE_SERVER_GLOBALS.test(source) ||
    (file.startsWith(BENCH_TESTS) && SERVES_AS_THE_BENCH.test(source))
  )
}

/** The files of `files` (relative to the root) that replace a module or a global and are not in `ownModules`. */
function unlistedNeedingOwnModules(files: readonly string[], ownModules: readonly string[], read: (file: string) => string): string[] {
  return files.filter((file) => !ownModules.includes(file) && needsOwnModules(file, read(file)))
}

const readFromRoot = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')

/** Every test file, relative to the root: the `.test.ts` files under each package's and example's `test` folder, as vitest.config.ts includes them. */
function testFiles(): string[] {
  return ['packages', 'examples'].flatMap((top) =>
    readdirSync(path.join(ROOT, top)).flatMap((name) => {
      const dir = path.join(top, name, 'test')
      if (!existsSync(path.join(ROOT, dir))) return []
      return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.test.ts') && !file.split(path.sep).includes('node_modules'))
        .map((file) => path.join(dir, file))
    }),
  )
}

describe('test files that replace a module or a global', () => {
  it('all run with modules of their own', () => {
    const files = testFiles()
    expect(files.length).toBeGreaterThan(100)
    expect(unlistedNeedingOwnModules(files, OWN_MODULES, readFromRoot)).toEqual([])
  })

  it('near miss: a file that mocks, left out of the list, is found', () => {
    const sources: Record<string, string> = {
      'packages/a/test/mocks.test.ts': "vi.mock('../src/x.js', async () => ({}))",
      'packages/a/test/plain.test.ts': "import { vi } from 'vitest'\nvi.fn()",
    }
    expect(unlistedNeedingOwnModules(Object.keys(sources), [], (file) => sources[file]!)).toEqual(['packages/a/test/mocks.test.ts'])
    expect(unlistedNeedingOwnModules(Object.keys(sources), ['packages/a/test/mocks.test.ts'], (file) => sources[file]!)).toEqual([])
  })

  it('near miss: a file that serves with node-server\'s globals, left out of the list, is found', () => {
    const bench = (name: string) => path.join('packages', 'bench', 'test', name)
    // Spelt out at run time, so that this file's own text does not ask for the override.
    const override = (value: boolean) => `createAdaptorServer({ fetch, overrideGlobalObjects: ${value} })`
    const sources: Record<string, string> = {
      [bench('serves.test.ts')]: 'await withApp(front, async (url) => {})',
      // Its helpers only: the file starts the service itself, with the standard classes.
      [bench('helps.test.ts')]: "import { uploadFile } from '../src/service.js'\nawait startStorageService({ dataDir })",
      'packages/a/test/asks.test.ts': override(true),
      'packages/a/test/keeps.test.ts': override(false),
      // Another package's own `serve` is not the bench's…
      'packages/a/test/serve.test.ts': 'const server = serve(app)',
      // …but does not hide an override asked for after it.
      'packages/a/test/serve-asks.test.ts': `const server = serve(app)\n${override(true)}`,
    }
    const read = (file: string) => sources[file]!
    const found = [bench('serves.test.ts'), 'packages/a/test/asks.test.ts', 'packages/a/test/serve-asks.test.ts']
    expect(unlistedNeedingOwnModules(Object.keys(sources), [], read)).toEqual(found)
    expect(unlistedNeedingOwnModules(Object.keys(sources), found, read)).toEqual([])
  })

  it('lists only files that exist and are tests', () => {
    const files = new Set(testFiles())
    for (const file of OWN_MODULES) expect(files.has(file), file).toBe(true)
  })
})
