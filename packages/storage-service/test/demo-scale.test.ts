/**
 * `pnpm demo:scale` (src/demo/scale.ts) runs to its end with every
 * expectation held: it exits 0 only then. Run from its TypeScript source,
 * so its three instances are too.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const DEMO = fileURLToPath(new URL('../src/demo/scale.ts', import.meta.url))

it('narrates the cap, the revocation and the killed instance, and exits 0', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=capchain-source', '--import', 'tsx', DEMO], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  })
  expect(stdout).toContain('10 stored, 2 refused ERR_CAP_EXCEEDED · ledger 1,000,000 of 1,000,000 bytes')
  expect(stdout.match(/denied 403 ERR_REVOKED/g)).toHaveLength(2)
  expect(stdout).toContain('C exited with SIGKILL')
  expect(stdout).toContain('11 of 11 steps as expected · every expectation held')
}, 120_000)
