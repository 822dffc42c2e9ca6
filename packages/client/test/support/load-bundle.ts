/**
 * Run a browser bundle: write it to a temporary file and import it, so the
 * bundled code (its own copy of core, with its own registrations) is what
 * answers, not the sources the test itself imports.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserBundle } from './bundle.js'

/**
 * Import `bundle` as an ES module and return its exports.
 * @throws {Error} when the bundle cannot be evaluated
 */
export async function loadBundle<T>(bundle: BrowserBundle): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'capchain-bundle-'))
  try {
    const file = join(dir, 'bundle.mjs')
    writeFileSync(file, bundle.code)
    return (await import(pathToFileURL(file).href)) as T
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
