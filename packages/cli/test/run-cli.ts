import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The built binary: CLI tests run what users run, as a subprocess. `pnpm test` builds first. */
export const binPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Run the built CLI with `args`. Colour is off (`NO_COLOR=1`) unless
 * `options.env` says otherwise; output is piped, never a terminal.
 */
export function runCli(
  args: string[],
  options: { input?: string | Uint8Array; cwd?: string; env?: Record<string, string | undefined> } = {},
): CliResult {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm build\` first`)
  const result = spawnSync(process.execPath, [binPath, ...args], {
    input: options.input,
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}
