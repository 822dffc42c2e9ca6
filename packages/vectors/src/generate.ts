import type { GeneratedFile } from './output/interface.js'
import { evmPolicyVectors } from './suites/evm-policy.js'
import { limitsVectors } from './suites/limits.js'
import { malformedVectors } from './suites/malformed.js'
import { powerlineVectors } from './suites/powerline.js'
import { proofOrderVectors } from './suites/proof-order.js'
import { recapVectors } from './suites/recap.js'
import { sequenceVectors } from './suites/sequences.js'
import { siweRootVectors } from './suites/siwe-root.js'
import { storagePolicyVectors } from './suites/storage-policy.js'

/** Every suite; each makes one file. */
const SUITES: readonly (() => Promise<GeneratedFile>)[] = [
  evmPolicyVectors,
  limitsVectors,
  malformedVectors,
  powerlineVectors,
  proofOrderVectors,
  recapVectors,
  sequenceVectors,
  siweRootVectors,
  storagePolicyVectors,
]

/**
 * Build every vector file in memory, sorted by name. Deterministic: the same
 * code gives the same bytes on every run and machine (fixed keys, nonces and
 * times; Ed25519 and RFC 6979 ECDSA signatures).
 */
export async function generateVectors(): Promise<GeneratedFile[]> {
  const files = await Promise.all(SUITES.map((suite) => suite()))
  return files.sort((a, b) => (a.name < b.name ? -1 : 1))
}
