/**
 * The public packages (every packages/<x>/package.json without `"private": true`)
 * and how to pack them: built with `tsc -b`, then `pnpm pack`, which rewrites
 * `workspace:*` ranges to versions the way a publish does. Shared by
 * scripts/lint-packages.mjs and scripts/pack-install.mjs.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

/**
 * Every public package, sorted by folder name.
 * @returns {{ dir: string, manifest: Record<string, any> }[]} absolute folder and parsed package.json
 */
export function publicPackages() {
  const found = []
  for (const name of readdirSync(path.join(root, 'packages')).sort()) {
    const dir = path.join(root, 'packages', name)
    let manifest
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
    } catch {
      continue
    }
    if (manifest.private !== true) found.push({ dir, manifest })
  }
  return found
}

/**
 * Builds the given packages (and what they reference) so `dist` is current.
 * @param {{ dir: string }[]} packages
 * @throws {Error} when the TypeScript build fails (execFileSync's error, tsc output on stderr)
 */
export function buildPackages(packages) {
  execFileSync('pnpm', ['exec', 'tsc', '-b', ...packages.map(({ dir }) => dir)], { cwd: root, stdio: 'inherit' })
}

/**
 * Packs one package into `destination`.
 * @param {{ dir: string }} pkg
 * @param {string} destination an existing folder
 * @returns {string} the absolute path of the tarball
 * @throws {Error} when `pnpm pack` fails
 */
export function packPackage(pkg, destination) {
  const out = execFileSync('pnpm', ['pack', '--json', '--pack-destination', destination], { cwd: pkg.dir, encoding: 'utf8' })
  return path.resolve(destination, JSON.parse(out).filename)
}

/**
 * Packs workspace packages into `destination` with one `pnpm -r pack`: the
 * same tarballs as `packPackage` one by one, without a pnpm start per package
 * (most of the time a pack took).
 * @param {{ manifest: Record<string, any> }[]} packages workspace packages, by their names
 * @param {string} destination an existing folder
 * @returns {string[]} the absolute path of each package's tarball, in the order given
 * @throws {Error} when `pnpm pack` fails, or names no tarball for one of `packages`
 */
export function packPackages(packages, destination) {
  const filters = packages.flatMap(({ manifest }) => ['--filter', manifest.name])
  const out = execFileSync('pnpm', ['-r', ...filters, 'pack', '--json', '--pack-destination', destination], { cwd: root, encoding: 'utf8' })
  const packed = new Map(JSON.parse(out).map((entry) => [entry.name, path.resolve(destination, entry.filename)]))
  return packages.map(({ manifest }) => {
    const file = packed.get(manifest.name)
    if (file === undefined) throw new Error(`pnpm pack made no tarball for ${manifest.name}`)
    return file
  })
}
