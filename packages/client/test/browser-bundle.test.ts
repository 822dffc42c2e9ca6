/**
 * What a browser app gets from capchain (issue 17): `@capchain/client`, the
 * verifier and the memory store bundle for `platform: 'browser'` with no Node
 * built-in and no native addon, and stay within their gzipped size budgets
 * (docs/performance.md, "Bundle sizes"). The near-misses prove the detector:
 * the SQLite store and a direct `node:` import are caught.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bundleForBrowser } from './support/bundle.js'
import type { BrowserBundle } from './support/bundle.js'
import { splitBundleForBrowser } from './support/split-bundle.js'
import type { ChunkSet } from './support/split-bundle.js'

const KIB = 1024
/**
 * Both budgets are the targets: the Ed25519 verifier 35 KiB, the
 * client 60 KiB for what an app loads at start (docs/performance.md,
 * "Bundle sizes"). The chunk `importDelegation` loads on first use is
 * reported, and must hold the checking code, but is not what an app loads.
 */
const CLIENT_BUDGET = 60 * KIB
const ED25519_VERIFIER_BUDGET = 35 * KIB
/** The DID document reader, which only a verifier with a `resolver` needs. */
const DID_DOCUMENT_READER = /verifier\/src\/resolve\/did-resolver\.ts$/
/** What only checking an imported delegation needs: the verifier, the ECDSA curves, the inflater. */
const HOLDER_ONLY = /verifier\/src\/verifier\.ts$|@noble\/curves\/|fflate/
const STORE_SQLITE_DIR = fileURLToPath(new URL('../../store-sqlite', import.meta.url))

/** Fail with what fills the bundle, so a regression names its cause. */
async function expectWithin(bundle: BrowserBundle | ChunkSet, budget: number): Promise<void> {
  if (bundle.gzipped > budget) expect.fail(`${bundle.gzipped} B gzipped > ${budget} B budget\n${await bundle.report()}`)
}

describe('browser bundles', () => {
  it('@capchain/client: no Node built-in or native addon, within its budget', async () => {
    const bundle = await splitBundleForBrowser(`export * from '@capchain/client'`)
    expect(bundle.nodeOnly).toEqual([])
    console.info(`@capchain/client: ${bundle.initial.gzipped} B gzipped at start (${bundle.initial.chunks.join(', ')}), ${bundle.lazy.gzipped} B on the first importDelegation (${bundle.lazy.chunks.join(', ')})`)
    expect(bundle.initial.inputs.filter((input) => HOLDER_ONLY.test(input))).toEqual([])
    expect(bundle.lazy.inputs).toEqual(expect.arrayContaining([expect.stringMatching(/verifier\/src\/verifier\.ts$/), expect.stringMatching(/@noble\/curves\//)]))
    await expectWithin(bundle.initial, CLIENT_BUDGET)
  })

  it('@capchain/verifier, whole package: no Node built-in or native addon', async () => {
    const bundle = await bundleForBrowser(`export * from '@capchain/verifier'`)
    expect(bundle.nodeOnly).toEqual([])
    expect(bundle.inputs).toContainEqual(expect.stringMatching(DID_DOCUMENT_READER))
  })

  it('a verifier of Ed25519 did:key chains (@capchain/verifier/lean): within its budget', async () => {
    const bundle = await bundleForBrowser(`export { createVerifier, verifyInvocation } from '@capchain/verifier/lean'`)
    expect(bundle.nodeOnly).toEqual([])
    expect(bundle.inputs).not.toContainEqual(expect.stringMatching(DID_DOCUMENT_READER))
    await expectWithin(bundle, ED25519_VERIFIER_BUDGET)
  })

  it('@capchain/store, the memory store included: no Node built-in or native addon', async () => {
    const bundle = await bundleForBrowser(`export * from '@capchain/store'`, STORE_SQLITE_DIR)
    expect(bundle.nodeOnly).toEqual([])
  })

  it('catches the SQLite store: better-sqlite3 needs Node built-ins', async () => {
    const bundle = await bundleForBrowser(`export { openSqliteStore } from '@capchain/store-sqlite'`, STORE_SQLITE_DIR)
    expect(bundle.nodeOnly.map((entry) => entry.split(' ')[0])).toEqual(expect.arrayContaining(['fs', 'path']))
  })

  it('catches a node: import', async () => {
    const bundle = await bundleForBrowser(`export { readFile } from 'node:fs/promises'`)
    expect(bundle.nodeOnly).toEqual([expect.stringMatching(/^node:fs\/promises /)])
  })
})
