/**
 * Every ```ts block of every public package's README compiles against the
 * workspace packages (their TypeScript sources, through the `capchain-source`
 * condition), so an example cannot drift from the API it shows.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { publicPackages, root } from '../../../scripts/pack-public.mjs'

const run = promisify(execFile)
const work = path.join(root, 'packages', 'release', '.readme-examples')
const fence = /^```ts\n([\s\S]*?)^```$/gm

/** The ```ts blocks of one README, in order. */
function examples(readme: string): string[] {
  return [...readme.matchAll(fence)].map((match) => match[1] ?? '')
}

/** Type-checks the given files in `work`; resolves to tsc's exit code and output. */
async function typecheck(files: Record<string, string>): Promise<{ code: number; output: string }> {
  rmSync(work, { recursive: true, force: true })
  mkdirSync(work, { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(work, name), text)
  const compilerOptions = { noEmit: true, composite: false, declaration: false, declarationMap: false, customConditions: ['capchain-source'] }
  writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({ extends: '../../../tsconfig.base.json', compilerOptions, include: ['*.ts'] }))
  try {
    await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', work], { cwd: work })
    return { code: 0, output: '' }
  } catch (error) {
    const failure = error as { code?: number; stdout?: string }
    return { code: failure.code ?? 1, output: failure.stdout ?? '' }
  }
}

const readmes = publicPackages().map(({ dir, manifest }) => ({ name: String(manifest.name), folder: path.basename(dir), text: readFileSync(path.join(dir, 'README.md'), 'utf8') }))

describe('package READMEs', () => {
  it('can import every public package: each is a devDependency of @capchain/release', () => {
    const own = JSON.parse(readFileSync(path.join(root, 'packages', 'release', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    expect(Object.keys(own.devDependencies).sort()).toEqual(readmes.map(({ name }) => name).sort())
  })

  it.each(readmes)('$name: says how to install it and shows an example', ({ name, text }) => {
    expect(text.startsWith(`# ${name}\n`)).toBe(true)
    expect(text).toContain(`npm install ${name}`)
    expect(examples(text).length).toBeGreaterThan(0)
  })

  // One tsc run for every example (checking the sources is most of its cost),
  // plus a near-miss: a real call with a key type that does not exist.
  const checked = (async () => {
    const files: Record<string, string> = { 'wrong.ts': "import { generateSigner } from '@capchain/core'\nawait generateSigner('RSA')\n" }
    for (const { folder, text } of readmes) examples(text).forEach((code, i) => (files[`${folder}.${i}.ts`] = code))
    const { code, output } = await typecheck(files)
    return { code, errors: output.split('\n').filter((line) => /^[\w.-]+\.ts\(\d+,\d+\): error TS/.test(line)) }
  })()
  // Vitest runs nothing at collection time; this keeps the promise's rejection observed until a test awaits it.
  checked.catch(() => undefined)

  it('reports an example with a type error, in its own file', async () => {
    const { code, errors } = await checked
    expect(code).not.toBe(0)
    expect(errors.filter((line) => line.startsWith('wrong.ts('))).toHaveLength(1)
  }, 120_000)

  it.each(readmes)('$name: every example compiles', async ({ folder }) => {
    const { errors } = await checked
    expect(errors.filter((line) => line.startsWith(`${folder}.`))).toEqual([])
  }, 120_000)
})
