import { describe, expect, it } from 'vitest'
import { verifierSetup } from '../src/conformance/capchain/setup.js'
import { UsageError } from '../src/io/usage-error.js'

describe("a vector file's verifier section", () => {
  it('gives a SIWE root format for the domains it names', () => {
    const setup = verifierSetup({ clockSkew: 60, siwe: { domains: ['app.example'] } })
    expect(setup.rootFormats).toHaveLength(1)
    expect(setup.domains).toEqual(['app.example'])
  })

  it('refuses malformed domains as a usage error, naming the field', () => {
    for (const domains of ['app.example', [1], [null], {}]) {
      expect(() => verifierSetup({ clockSkew: 60, siwe: { domains } } as never)).toThrow(UsageError)
      expect(() => verifierSetup({ clockSkew: 60, siwe: { domains } } as never)).toThrow(/verifier\.siwe\.domains/)
    }
  })

  it('refuses a section without clockSkew', () => {
    expect(() => verifierSetup(undefined)).toThrow(UsageError)
  })
})
