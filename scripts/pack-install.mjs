/**
 * `pnpm test:pack [--skip-native] [--keep]`: what a consumer gets from npm.
 * Builds and packs every public package, installs the tarballs with npm into
 * a fresh folder outside the workspace, then, in that folder:
 *   - imports every `exports` subpath of every package as ESM;
 *   - `require()`s every subpath (Node ≥ 20.19 loads ESM through require);
 *   - type-checks an importing file under `module: NodeNext` (ESM and a `.cts`
 *     `require`) and under `moduleResolution: bundler`, without skipLibCheck,
 *     so the shipped declarations must resolve all their own imports.
 *
 * --skip-native leaves out the packages that pull in better-sqlite3 (a native
 * module npm fetches or compiles): @capchain/store-sqlite and what depends on it.
 * --keep prints and keeps the install folder for inspection.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { buildPackages, packPackages, publicPackages, root } from './pack-public.mjs'

const { values } = parseArgs({
  options: {
    'skip-native': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
})

const native = 'better-sqlite3'

// A consumer who uses an optional peer (a guard adapter's framework) installs
// it, and for express, whose own package has no types, its @types package too.
const peerTypes = { express: '@types/express@^5.0.0' }

/**
 * Public packages, without those that depend on a native module (directly or
 * through another public package) when `skipNative` is set.
 * @param {boolean} skipNative
 */
function choosePackages(skipNative) {
  const all = publicPackages()
  if (!skipNative) return all
  const byName = new Map(all.map((pkg) => [pkg.manifest.name, pkg]))
  const needsNative = (pkg, seen = new Set()) =>
    Object.keys(pkg.manifest.dependencies ?? {}).some((dep) => {
      if (dep === native) return true
      const inner = byName.get(dep)
      if (inner === undefined || seen.has(dep)) return false
      seen.add(dep)
      return needsNative(inner, seen)
    })
  return all.filter((pkg) => !needsNative(pkg))
}

/** Every import specifier a package offers: its name plus each `exports` subpath. */
function specifiers({ manifest }) {
  return Object.keys(manifest.exports ?? { '.': null })
    .filter((subpath) => !subpath.includes('*') && subpath !== './package.json')
    .map((subpath) => (subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`))
}

/**
 * Runs a command in the install folder, echoing it.
 * @throws {Error} when the command exits non-zero
 */
function run(cwd, command, args) {
  console.log(`$ ${[command, ...args].join(' ')}`)
  execFileSync(command, args, { cwd, stdio: 'inherit' })
}

const packages = choosePackages(values['skip-native'])
const started = performance.now()
buildPackages(packages)
const work = mkdtempSync(path.join(os.tmpdir(), 'capchain-pack-'))
try {
  const tarballs = path.join(work, 'tarballs')
  const app = path.join(work, 'app')
  mkdirSync(tarballs)
  mkdirSync(app)
  const files = packPackages(packages, tarballs)
  writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'capchain-pack-check', private: true, type: 'module' }, null, 2)}\n`)
  const peers = packages.flatMap(({ manifest }) => Object.entries(manifest.peerDependencies ?? {}))
  const consumerInstalls = [...new Set(peers.flatMap(([name, range]) => [`${name}@${range}`, ...(name in peerTypes ? [peerTypes[name]] : [])]))]
  run(app, 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock', ...files, ...consumerInstalls, '@types/node@^20.19.0'])

  const names = packages.flatMap(specifiers)
  const list = JSON.stringify(names)
  writeFileSync(path.join(app, 'esm.mjs'), `for (const name of ${list}) await import(name)\nconsole.log('esm: ${names.length} entries imported')\n`)
  writeFileSync(path.join(app, 'cjs.cjs'), `for (const name of ${list}) require(name)\nconsole.log('cjs: ${names.length} entries required')\n`)
  run(app, process.execPath, ['esm.mjs'])
  run(app, process.execPath, ['cjs.cjs'])

  const imports = names.map((name, i) => `import * as m${i} from '${name}'`).join('\n')
  const uses = `export const all = [${names.map((_, i) => `m${i}`).join(', ')}]\n`
  writeFileSync(path.join(app, 'esm.ts'), `${imports}\n${uses}`)
  writeFileSync(path.join(app, 'cjs.cts'), `${names.map((name, i) => `import m${i} = require('${name}')`).join('\n')}\n${uses}`)
  const compilerOptions = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'] }
  const configs = {
    'tsconfig.nodenext.json': { compilerOptions: { ...compilerOptions, module: 'NodeNext', moduleResolution: 'NodeNext' }, files: ['esm.ts', 'cjs.cts'] },
    'tsconfig.bundler.json': { compilerOptions: { ...compilerOptions, module: 'ESNext', moduleResolution: 'bundler' }, files: ['esm.ts'] },
  }
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  for (const [file, config] of Object.entries(configs)) {
    writeFileSync(path.join(app, file), `${JSON.stringify(config, null, 2)}\n`)
    run(app, process.execPath, [tsc, '-p', file])
  }
  console.log(`test:pack: ${packages.length} packages, ${names.length} entries, ${((performance.now() - started) / 1000).toFixed(0)} s`)
} finally {
  if (values.keep) console.log(`kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
