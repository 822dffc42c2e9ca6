/**
 * Bundle a module for a browser with code splitting on, as an app's bundler
 * does (esbuild, minified, `platform: 'browser'`), and weigh it the way a
 * browser loads it: the chunks fetched at start (the entry and everything it
 * imports statically), then the chunks fetched only when a dynamic `import()`
 * runs. Each chunk is gzipped on its own, as it is served, so a split costs
 * what it really costs.
 */
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import type { Metafile } from 'esbuild'
import { nodeOnlyRecorder } from './bundle.js'

const RESOLVE_DIR = fileURLToPath(new URL('..', import.meta.url))
/** esbuild needs an output folder to split into; nothing is written there. */
const OUT_DIR = '/capchain-split-bundle'

export interface ChunkSet {
  /** The chunks' output paths, relative to the output folder. */
  readonly chunks: readonly string[]
  /** Minified size, in bytes, summed over the chunks. */
  readonly bytes: number
  /** gzip -9 of each chunk, summed: what a browser downloads. */
  readonly gzipped: number
  /** The files the chunks hold code from (bytes in the output > 0). */
  readonly inputs: readonly string[]
  /** The chunks' contributions, largest first, for failure messages. */
  readonly report: () => string
}

export interface SplitBundle {
  /** Node built-ins (`fs`, `node:path`…) and native addons (`*.node`) the code imports, with their importers. */
  readonly nodeOnly: readonly string[]
  /** What the app loads at start. */
  readonly initial: ChunkSet
  /** What it loads later, through dynamic imports, beyond what it already has. */
  readonly lazy: ChunkSet
}

/** Every output reachable from `start` by imports of the kinds in `kinds`. */
function closure(metafile: Metafile, start: readonly string[], kinds: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>()
  const queue = [...start]
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    if (seen.has(path)) continue
    seen.add(path)
    for (const next of metafile.outputs[path]?.imports ?? []) if (kinds.has(next.kind)) queue.push(next.path)
  }
  return seen
}

function chunkSet(metafile: Metafile, paths: ReadonlySet<string>, gzipped: ReadonlyMap<string, number>): ChunkSet {
  const chunks = [...paths].sort()
  const contributions = chunks
    .flatMap((path) => Object.entries(metafile.outputs[path]!.inputs).map(([input, { bytesInOutput }]) => ({ input, bytesInOutput })))
    .filter(({ bytesInOutput }) => bytesInOutput > 0)
    .sort((a, b) => b.bytesInOutput - a.bytesInOutput)
  return {
    chunks: chunks.map((path) => path.slice(path.lastIndexOf('/') + 1)),
    bytes: chunks.reduce((sum, path) => sum + metafile.outputs[path]!.bytes, 0),
    gzipped: chunks.reduce((sum, path) => sum + gzipped.get(path)!, 0),
    inputs: contributions.map(({ input }) => input),
    report: () => contributions.map(({ input, bytesInOutput }) => `${String(bytesInOutput).padStart(7)} ${input}`).join('\n'),
  }
}

/**
 * Bundle `source` (an ES module importing `@capchain/*` packages) for a
 * browser with splitting, resolving its imports from the client's folder.
 * @throws {Error} when esbuild cannot bundle it (an import it cannot resolve), or emits no entry chunk
 */
export async function splitBundleForBrowser(source: string): Promise<SplitBundle> {
  const nodeOnly: string[] = []
  const result = await build({
    stdin: { contents: source, resolveDir: RESOLVE_DIR, loader: 'ts' },
    bundle: true,
    splitting: true,
    outdir: OUT_DIR,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['capchain-source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [nodeOnlyRecorder(nodeOnly)],
  })
  const { metafile } = result
  // Output paths in the metafile are relative to the working directory; the files' own paths are absolute.
  const byName = new Map(result.outputFiles.map((file) => [file.path.slice(file.path.lastIndexOf('/') + 1), file.contents]))
  const gzipped = new Map(
    Object.keys(metafile.outputs).map((path) => [path, gzipSync(byName.get(path.slice(path.lastIndexOf('/') + 1))!, { level: 9 }).length]),
  )
  const entry = Object.keys(metafile.outputs).filter((path) => metafile.outputs[path]!.entryPoint === '<stdin>')
  if (entry.length !== 1) throw new Error(`expected one entry chunk, found ${entry.length}`)
  const initial = closure(metafile, entry, new Set(['import-statement']))
  const everything = closure(metafile, entry, new Set(['import-statement', 'dynamic-import']))
  const later = new Set([...everything].filter((path) => !initial.has(path)))
  return { nodeOnly, initial: chunkSet(metafile, initial, gzipped), lazy: chunkSet(metafile, later, gzipped) }
}
