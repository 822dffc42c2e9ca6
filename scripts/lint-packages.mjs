/**
 * `pnpm lint:packages`: builds and packs every public package, then lints each
 * tarball the way a consumer's tools would see it: publint (package.json
 * fields against the packed files) and @arethetypeswrong/core (types for every
 * export subpath under each TypeScript module resolution).
 *
 * The packages are ESM-only. attw runs with its `esm-only` profile, which skips
 * two resolution modes: `node10` (no `exports` support at all) and `node16-cjs`
 * (TypeScript's model of Node before `require(esm)`, where requiring ESM is an
 * error). Node ≥ 20.19, the packages' `engines`, loads them with `require`;
 * scripts/pack-install.mjs checks that on the installed tarballs.
 *
 * Exits 1 when any package has a publint error or warning or an attw problem.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core'
import { problemKindInfo } from '@arethetypeswrong/core/problems'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { buildPackages, packPackage, publicPackages } from './pack-public.mjs'

/** attw's `esm-only` profile: resolution modes an ESM-only package need not serve. */
const ignoredResolutions = new Set(['node10', 'node16-cjs'])

/**
 * Lints one packed package.
 * @param {string} tarball path of the `.tgz`
 * @param {Record<string, any>} manifest the package.json, for publint's messages
 * @returns {Promise<string[]>} one line per finding; empty when clean
 */
async function lintTarball(tarball, manifest) {
  const data = readFileSync(tarball)
  const findings = []
  const { messages } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, strict: true })
  for (const message of messages) {
    // Suggestions are advice (e.g. "add a repository field"), not defects.
    if (message.type !== 'suggestion') findings.push(`publint ${message.type}: ${formatMessage(message, manifest, { color: false })}`)
  }
  const result = await checkPackage(createPackageFromTarballData(new Uint8Array(data)))
  if (result.types === false) findings.push('attw: the package ships no types')
  else {
    for (const problem of result.problems) {
      if ('resolutionKind' in problem && ignoredResolutions.has(problem.resolutionKind)) continue
      const where = [problem.entrypoint, problem.resolutionKind].filter(Boolean).join(' under ')
      findings.push(`attw ${problem.kind}: ${problemKindInfo[problem.kind].description}${where ? ` (${where})` : ''}`)
    }
  }
  return findings
}

const packages = publicPackages()
buildPackages(packages)
const destination = mkdtempSync(path.join(os.tmpdir(), 'capchain-lint-'))
let failed = 0
try {
  for (const pkg of packages) {
    const findings = await lintTarball(packPackage(pkg, destination), pkg.manifest)
    console.log(`${pkg.manifest.name}: ${findings.length === 0 ? 'clean' : `${findings.length} finding(s)`}`)
    for (const line of findings) console.log(`  ${line}`)
    if (findings.length > 0) failed += 1
  }
} finally {
  rmSync(destination, { recursive: true, force: true })
}
console.log(`lint:packages: ${packages.length - failed} of ${packages.length} public packages clean`)
process.exitCode = failed === 0 ? 0 : 1
