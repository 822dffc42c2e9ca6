import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encodeAsset } from './encoded-asset.js'
import type { EncodedAsset } from './encoded-asset.js'
import { FAVICON_SVG } from './favicon.js'

/** The web page's files, read and compressed once at start-up and served from memory. */
export interface WebAssets {
  readonly files: ReadonlyMap<string, EncodedAsset>
}

/** The files the bundler writes (web/bundle.ts): the page, its style and its one script. */
export const BUNDLED_FILES = { 'index.html': 'text/html; charset=utf-8', 'app.css': 'text/css; charset=utf-8', 'app.js': 'text/javascript; charset=utf-8' } as const

/** Every file the page has: the bundled ones and the icon, which lives in the code (web/favicon.ts). */
export const WEB_FILES = { ...BUNDLED_FILES, 'favicon.svg': 'image/svg+xml' } as const

/** Where the package build puts them: `dist/web/static/`. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('./static/', import.meta.url))

/**
 * @throws {Error} a file is missing (run the package build, which bundles the page)
 */
export async function loadWebAssets(dir: string): Promise<WebAssets> {
  const bundled = Object.entries(BUNDLED_FILES).map(async ([name, type]) => [name, await encodeAsset(new Uint8Array(await readFile(join(dir, name))), type)] as const)
  const icon = encodeAsset(new TextEncoder().encode(FAVICON_SVG), WEB_FILES['favicon.svg']).then((asset) => ['favicon.svg', asset] as const)
  return { files: new Map(await Promise.all([...bundled, icon])) }
}
