/**
 * `@opentelemetry/api` is an optional peer: a guard without a tracer never
 * imports it (a process where it cannot be resolved answers as usual),
 * and one with a tracer does (the near miss: the same process fails).
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const REPO = fileURLToPath(new URL('../../../..', import.meta.url))
const SCRIPT = fileURLToPath(new URL('support/untraced-process.ts', import.meta.url))

const answer = async (mode: 'untraced' | 'traced'): Promise<{ status: number; code: string }> => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=capchain-source', '--import', 'tsx', SCRIPT, mode], { cwd: REPO })
  return JSON.parse(stdout) as { status: number; code: string }
}

describe('the OpenTelemetry API, an optional peer', () => {
  it('is not imported by a guard without a tracer: it answers where the API cannot be resolved', async () => {
    expect(await answer('untraced')).toEqual({ status: 401, code: 'ERR_AUTH_MISSING' })
  }, 30_000)

  it('is imported, on the first request, by a guard with a tracer (near miss: the same process then fails)', async () => {
    expect(await answer('traced')).toEqual({ status: 500, code: 'ERR_INTERNAL' })
  }, 30_000)
})
