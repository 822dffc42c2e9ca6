import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'

const COMMANDS = ['keygen', 'delegate', 'invoke', 'inspect', 'verify', 'revoke', 'conformance', 'siwe']

describe('capchain', () => {
  it('lists every command and the exit codes in --help', () => {
    const { code, stdout } = runCli(['--help'])
    expect(code).toBe(0)
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
    expect(stdout).toContain('Exit codes: 0 success, 1 invalid or denied, 2 usage error.')
  })

  it('exits 2 on an unknown command', () => {
    const { code, stderr } = runCli(['mint'])
    expect(code).toBe(2)
    expect(stderr).toContain("unknown command 'mint'")
  })
})
