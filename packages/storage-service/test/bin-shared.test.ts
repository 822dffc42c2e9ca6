/**
 * `capchain-storage`'s options for several instances, refused as usage
 * errors (exit 2) or at start (exit 1, with a message that never quotes a
 * key): a pool size without a store, two sources of the shared key, a key file that does not exist (a shared key
 * is never generated), a `CAPCHAIN_SERVICE_KEY` that is not a key file,
 * and a database that cannot be reached. The accepted forms are
 * instances.test.ts's.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url))
const dir = await mkdtemp(join(tmpdir(), 'capchain-bin-shared-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

function run(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = execFile(process.execPath, ['--conditions=capchain-source', '--import', 'tsx', BIN, '--data', join(dir, 'data'), '--no-web', ...args], {
    cwd: ROOT,
    env: { ...process.env, CAPCHAIN_STORE_URL: '', CAPCHAIN_SERVICE_KEY: '', ...env },
  })
  let stderr = ''
  child.stderr!.on('data', (text: string) => (stderr += text))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })))
}

it('refuses inconsistent options as usage errors, and a missing or malformed shared key or an unreachable database at start', async () => {
  const secret = 'z'.repeat(40)
  // All at once: each is a process loading the service from its sources.
  const [noStore, twoKeys, missing, malformed, unreachable] = await Promise.all([
    run(['--pool-size', '4']),
    run(['--key-file', join(dir, 'service.key')], { CAPCHAIN_SERVICE_KEY: '{}' }),
    run(['--key-file', join(dir, 'absent.key')]),
    run([], { CAPCHAIN_SERVICE_KEY: `{"type":"capchain-key","secret":"${secret}"}` }),
    run(['--store', 'postgres://capchain@127.0.0.1:1/capchain']),
  ])
  for (const usage of [noStore, twoKeys]) {
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('usage: capchain-storage')
  }
  expect(missing.code).toBe(1)
  expect(missing.stderr).toContain(`no key file at ${join(dir, 'absent.key')}: create it once with capchain keygen`)
  expect(malformed.code).toBe(1)
  expect(malformed.stderr).toContain('CAPCHAIN_SERVICE_KEY')
  expect(malformed.stderr).not.toContain(secret)
  expect(unreachable.code).toBe(1)
  expect(unreachable.stderr).toContain('the state store failed')
}, 60_000)
