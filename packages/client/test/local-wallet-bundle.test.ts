/**
 * The local wallet in a browser or an agent: `@capchain/client/local-wallet`
 * bundles for `platform: 'browser'` with no Node built-in or native addon,
 * signing with @noble/secp256k1 (no curve registry), and the main
 * `@capchain/client` entry does not carry it.
 */
import { describe, expect, it } from 'vitest'
import { bundleForBrowser } from './support/bundle.js'

const LOCAL_WALLET = /packages\/client\/src\/local-wallet\//
const NOBLE_SECP256K1 = /node_modules\/.*\/@noble\/secp256k1\//
const NOBLE_CURVES = /node_modules\/.*\/@noble\/curves\//

describe('local wallet browser bundle', () => {
  it('@capchain/client/local-wallet: no Node built-in or native addon, no curve registry', async () => {
    const bundle = await bundleForBrowser(`export * from '@capchain/client/local-wallet'`)
    expect(bundle.nodeOnly).toEqual([])
    expect(bundle.inputs).toContainEqual(expect.stringMatching(NOBLE_SECP256K1))
    expect(bundle.inputs).not.toContainEqual(expect.stringMatching(NOBLE_CURVES))
  })

  it('@capchain/client alone holds none of it', async () => {
    const bundle = await bundleForBrowser(`export * from '@capchain/client'`)
    expect(bundle.inputs).not.toContainEqual(expect.stringMatching(LOCAL_WALLET))
  })
})
