/**
 * Every public package, packed as it would be published, is clean under
 * publint and attw (scripts/lint-tarball.mjs); and the lint does find the
 * defect it exists for, on a package that differs from a clean one only there.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lintTarball } from '../../../scripts/lint-tarball.mjs'
import { buildPackages, packPackage, packPackages, publicPackages } from '../../../scripts/pack-public.mjs'

const packages = publicPackages()
let destination = ''
let tarballs: string[] = []

beforeAll(() => {
  destination = mkdtempSync(path.join(os.tmpdir(), 'capchain-lint-test-'))
  buildPackages(packages)
  tarballs = packPackages(packages, destination)
}, 120_000)

afterAll(() => rmSync(destination, { recursive: true, force: true }))

/** A one-file ESM package whose root export lists `conditions` in this order. */
function tinyPackage(name: string, conditions: readonly ('types' | 'default')[]): { dir: string; manifest: Record<string, unknown> } {
  const dir = path.join(destination, name)
  mkdirSync(dir)
  const targets = { types: './index.d.ts', default: './index.js' }
  const manifest = {
    name: `@capchain-test/${name}`,
    version: '0.0.0',
    type: 'module',
    license: 'MIT',
    exports: { '.': Object.fromEntries(conditions.map((condition) => [condition, targets[condition]])) },
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest))
  writeFileSync(path.join(dir, 'index.js'), 'export const answer = 42\n')
  writeFileSync(path.join(dir, 'index.d.ts'), 'export declare const answer: number\n')
  return { dir, manifest }
}

describe('lint:packages', () => {
  it.each(packages.map((pkg, i) => ({ name: String(pkg.manifest.name), pkg, i })))('$name: publint and attw find nothing', async ({ pkg, i }) => {
    expect(await lintTarball(tarballs[i]!, pkg.manifest)).toEqual([])
  }, 60_000)

  it('passes a package whose export lists types first', async () => {
    const pkg = tinyPackage('types-first', ['types', 'default'])
    expect(await lintTarball(packPackage(pkg, destination), pkg.manifest)).toEqual([])
  }, 60_000)

  it('reports a package whose export lists types after default, where TypeScript never reaches them', async () => {
    const pkg = tinyPackage('types-last', ['default', 'types'])
    const findings = await lintTarball(packPackage(pkg, destination), pkg.manifest)
    expect(findings).toEqual([expect.stringMatching(/^publint error: pkg\.exports\["\."\]\.types should be the first/), expect.stringMatching(/^publint error: pkg\.exports\["\."\]\.default should be the last/)])
  }, 60_000)
})
