/**
 * The API reference documents every export subpath: each public package's
 * TypeDoc entry points (its typedoc.json, else the root's packageOptions)
 * are exactly the sources its `exports` map names.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { publicPackages, root } from '../../../scripts/pack-public.mjs'

interface TypedocConfig {
  entryPoints?: string[]
  packageOptions?: { entryPoints?: string[] }
}

const rootConfig = JSON.parse(readFileSync(path.join(root, 'typedoc.json'), 'utf8')) as TypedocConfig

/** The entry points TypeDoc uses for the package in `dir`. */
function entryPoints(dir: string): string[] {
  const own = path.join(dir, 'typedoc.json')
  const config = existsSync(own) ? (JSON.parse(readFileSync(own, 'utf8')) as TypedocConfig) : {}
  return config.entryPoints ?? rootConfig.packageOptions?.entryPoints ?? []
}

describe('typedoc.json', () => {
  it('lists every public package', () => {
    expect([...(rootConfig.entryPoints ?? [])].sort()).toEqual(publicPackages().map(({ dir }) => path.relative(root, dir)).sort())
  })

  it.each(publicPackages().map(({ dir, manifest }) => ({ name: String(manifest.name), dir, manifest })))(
    '$name: documents each export subpath',
    ({ dir, manifest }) => {
      const exported = Object.values(manifest.exports as Record<string, Record<string, string>>).map((conditions) => String(conditions['capchain-source']).replace(/^\.\//, ''))
      expect(entryPoints(dir).sort()).toEqual(exported.sort())
    },
  )
})
