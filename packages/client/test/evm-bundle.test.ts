/**
 * On-chain permissions in a browser: `@capchain/evm` and the client's
 * `@capchain/client/evm` bundle for `platform: 'browser'` with no Node
 * built-in or native addon, and the main `@capchain/client` entry does not
 * carry the EVM profile (its ABI code and ox stay behind the subpath).
 */
import { describe, expect, it } from 'vitest'
import { bundleForBrowser } from './support/bundle.js'

const EVM_PROFILE = /packages\/evm\/src\//
const OX = /node_modules\/.*\/ox\//

describe('EVM browser bundles', () => {
  it('@capchain/evm and @capchain/client/evm: no Node built-in or native addon', async () => {
    for (const source of [`export * from '@capchain/evm'`, `export * from '@capchain/client/evm'`]) {
      const bundle = await bundleForBrowser(source)
      expect(bundle.nodeOnly, source).toEqual([])
      expect(bundle.inputs).toContainEqual(expect.stringMatching(EVM_PROFILE))
      expect(bundle.inputs).toContainEqual(expect.stringMatching(OX))
    }
  })

  it('@capchain/client alone holds none of the EVM profile', async () => {
    const bundle = await bundleForBrowser(`export * from '@capchain/client'`)
    expect(bundle.inputs).not.toContainEqual(expect.stringMatching(EVM_PROFILE))
    expect(bundle.inputs).not.toContainEqual(expect.stringMatching(OX))
  })
})
