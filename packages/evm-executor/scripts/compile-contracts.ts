/** Regenerates src/contracts/artifacts.ts: `node --import tsx scripts/compile-contracts.ts`. */
import { writeFileSync } from 'node:fs'
import { ARTIFACTS_PATH, renderArtifacts } from './solidity.js'

writeFileSync(ARTIFACTS_PATH, renderArtifacts())
