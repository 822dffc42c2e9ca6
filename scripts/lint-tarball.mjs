/**
 * Lints one packed package the way a consumer's tools see it: publint
 * (package.json fields against the packed files) and @arethetypeswrong/core
 * (types for every export subpath under each TypeScript module resolution).
 *
 * The packages are ESM-only. attw runs with its `esm-only` profile, which skips
 * two resolution modes: `node10` (no `exports` support at all) and `node16-cjs`
 * (TypeScript's model of Node before `require(esm)`, where requiring ESM is an
 * error). Node ≥ 20.19, the packages' `engines`, loads them with `require`;
 * scripts/pack-install.mjs checks that on the installed tarballs.
 */
import { readFileSync } from 'node:fs'
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core'
import { problemKindInfo } from '@arethetypeswrong/core/problems'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

/** attw's `esm-only` profile: resolution modes an ESM-only package need not serve. */
const ignoredResolutions = new Set(['node10', 'node16-cjs'])

/**
 * Lints one packed package.
 * @param {string} tarball path of the `.tgz`
 * @param {Record<string, any>} manifest the package.json, for publint's messages
 * @returns {Promise<string[]>} one line per finding (publint errors and warnings, attw problems); empty when clean
 * @throws {Error} when the tarball cannot be read or unpacked
 */
export async function lintTarball(tarball, manifest) {
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
