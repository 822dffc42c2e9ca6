/** The committed artifacts are exactly what solc makes of the committed sources. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS_PATH, renderArtifacts } from '../scripts/solidity.js'

describe('contract artifacts', () => {
  it('src/contracts/artifacts.ts is the compilation of contracts/*.sol (regenerate with scripts/compile-contracts.ts)', () => {
    expect(readFileSync(ARTIFACTS_PATH, 'utf8')).toBe(renderArtifacts())
  }, 60_000)
})
