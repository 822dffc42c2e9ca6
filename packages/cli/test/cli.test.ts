import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { spawnCli } from './run-cli.js'

const COMMANDS = ['keygen', 'delegate', 'invoke', 'inspect', 'verify', 'revoke', 'conformance', 'siwe']

// The built binary itself: these run as a subprocess, the other files run the same `main` in-process.
describe('capchain', () => {
  it('lists every command and the exit codes in --help', () => {
    const { code, stdout } = spawnCli(['--help'])
    expect(code).toBe(0)
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
    expect(stdout).toContain('Exit codes: 0 success, 1 invalid or denied, 2 usage error.')
  })

  it('prints its package version with --version and -V', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    for (const flag of ['--version', '-V']) expect(spawnCli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('exits 2 on an unknown command', () => {
    const { code, stderr } = spawnCli(['mint'])
    expect(code).toBe(2)
    expect(stderr).toContain("unknown command 'mint'")
  })
})
