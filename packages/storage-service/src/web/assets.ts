import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The web page's files, read once at start-up and served from memory. */
export interface WebAssets {
  readonly files: ReadonlyMap<string, { readonly body: Uint8Array; readonly type: string }>
}

/** The files the bundler writes (web/bundle.ts): the page, its style and its one script. */
export const WEB_FILES = { 'index.html': 'text/html; charset=utf-8', 'app.css': 'text/css; charset=utf-8', 'app.js': 'text/javascript; charset=utf-8' } as const

/** Where the package build puts them: `dist/web/static/`. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('./static/', import.meta.url))

/**
 * @throws {Error} a file is missing (run the package build, which bundles the page)
 */
export async function loadWebAssets(dir: string): Promise<WebAssets> {
  const entries = await Promise.all(
    Object.entries(WEB_FILES).map(async ([name, type]) => [name, { body: new Uint8Array(await readFile(join(dir, name))), type }] as const),
  )
  return { files: new Map(entries) }
}
