/**
 * Bundle a module for a browser the way an app would (esbuild, minified,
 * `platform: 'browser'`), through the packages' `exports` with the
 * `capchain-source` condition so the test needs no build. Every Node
 * built-in or native addon the bundle would need is recorded, not resolved:
 * a browser has neither.
 */
import { isBuiltin } from 'node:module'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { analyzeMetafile, build } from 'esbuild'
import type { Plugin } from 'esbuild'

/** Where `@capchain/*` imports resolve from: the client package, which depends on them. */
const RESOLVE_DIR = fileURLToPath(new URL('..', import.meta.url))

export interface BrowserBundle {
  /** Node built-ins (`fs`, `node:path`…) and native addons (`*.node`) the code imports, with their importers. */
  readonly nodeOnly: readonly string[]
  /** The minified ES module. */
  readonly code: Uint8Array
  /** Minified size, in bytes. */
  readonly bytes: number
  /** Size after gzip -9, in bytes: what a browser downloads. */
  readonly gzipped: number
  /** The files the bundle holds code from. */
  readonly inputs: readonly string[]
  /** What takes the room, largest first (esbuild's `analyzeMetafile`), for failure messages. */
  readonly report: () => Promise<string>
}

/** Records, and keeps out of the bundle, every import no browser can satisfy. */
export function nodeOnlyRecorder(found: string[]): Plugin {
  return {
    name: 'node-only-recorder',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path) && !args.path.endsWith('.node')) return undefined
        found.push(`${args.path} (from ${args.importer})`)
        return { path: args.path, external: true }
      })
    },
  }
}

/**
 * Bundle `source` (an ES module importing `@capchain/*` packages) for a browser,
 * resolving its imports from `resolveDir` (a package folder; default the client's).
 * @throws {Error} when esbuild cannot bundle it (an import it cannot resolve)
 */
export async function bundleForBrowser(source: string, resolveDir: string = RESOLVE_DIR): Promise<BrowserBundle> {
  const nodeOnly: string[] = []
  const result = await build({
    stdin: { contents: source, resolveDir, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['capchain-source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [nodeOnlyRecorder(nodeOnly)],
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  const inputs = Object.values(result.metafile.outputs).flatMap((output) => Object.keys(output.inputs))
  return {
    nodeOnly,
    code,
    bytes: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    inputs,
    report: () => analyzeMetafile(result.metafile),
  }
}
