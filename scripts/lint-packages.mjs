/**
 * `pnpm lint:packages`: builds and packs every public package, then lints each
 * tarball with publint and attw (scripts/lint-tarball.mjs, which says why attw
 * runs with its `esm-only` profile). Exits 1 when any package has a finding.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { lintTarball } from './lint-tarball.mjs'
import { buildPackages, packPackages, publicPackages } from './pack-public.mjs'

const packages = publicPackages()
buildPackages(packages)
const destination = mkdtempSync(path.join(os.tmpdir(), 'capchain-lint-'))
let failed = 0
try {
  const tarballs = packPackages(packages, destination)
  for (const [i, pkg] of packages.entries()) {
    const findings = await lintTarball(tarballs[i], pkg.manifest)
    console.log(`${pkg.manifest.name}: ${findings.length === 0 ? 'clean' : `${findings.length} finding(s)`}`)
    for (const line of findings) console.log(`  ${line}`)
    if (findings.length > 0) failed += 1
  }
} finally {
  rmSync(destination, { recursive: true, force: true })
}
console.log(`lint:packages: ${packages.length - failed} of ${packages.length} public packages clean`)
process.exitCode = failed === 0 ? 0 : 1
