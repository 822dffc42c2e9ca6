import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../src/main.js'

/** The built binary: the cases that need a process of their own run what users run. `pnpm test` builds first. */
export const binPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Run the CLI with `args` in this process, through the `main` the binary
 * calls, its output captured as a pipe would take it (not a terminal).
 * Starting Node and the CLI's modules for each case was most of these
 * tests' time; standard input, environment and the binary itself are what
 * `spawnCli` is for.
 */
export async function runCli(args: string[]): Promise<CliResult> {
  const stdout: Buffer[] = []
  const stderr: string[] = []
  const code = await main(args, {
    stdout: (chunk) => stdout.push(Buffer.from(chunk)),
    stderr: (chunk) => stderr.push(chunk),
    isTerminal: false,
  })
  return { code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: stderr.join('') }
}

/**
 * Run the built binary with `args` as a subprocess. Colour is off
 * (`NO_COLOR=1`) unless `options.env` says otherwise; output is piped,
 * never a terminal.
 */
export function spawnCli(
  args: string[],
  options: { input?: string | Uint8Array; env?: Record<string, string | undefined> } = {},
): CliResult {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm build\` first`)
  const result = spawnSync(process.execPath, [binPath, ...args], {
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}
