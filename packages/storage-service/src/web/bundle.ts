/**
 * Builds the web page: `page/main.ts` and everything it imports (the
 * client SDK, core, siwe, storage) bundled by esbuild into one ES module,
 * `app.js`, beside the static `index.html` and `app.css`. Run by the
 * package build, never at request time; tests run it on the sources.
 */
import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export interface BundleOptions {
  /** Where to write `index.html`, `app.css` and `app.js`. */
  readonly outDir: string
  /** Extra package export conditions: `capchain-source` bundles the workspace's TypeScript sources. */
  readonly conditions?: readonly string[]
}

/** Where the page's sources are, next to this module in `src/` (and its compiled copy in `dist/`). */
const SOURCE_DIR = fileURLToPath(new URL('../../src/web/', import.meta.url))

/** @throws {Error} esbuild's errors (an import that does not resolve in a browser) */
export async function bundleWebPage(options: BundleOptions): Promise<void> {
  await mkdir(options.outDir, { recursive: true })
  await build({
    entryPoints: [join(SOURCE_DIR, 'page', 'main.ts')],
    outfile: join(options.outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    conditions: [...(options.conditions ?? [])],
    logLevel: 'warning',
  })
  await Promise.all(['index.html', 'app.css'].map((name) => copyFile(join(SOURCE_DIR, 'static', name), join(options.outDir, name))))
}
