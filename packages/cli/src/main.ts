import { readFileSync } from 'node:fs'
import { CapchainError } from '@capchain/core/errors'
import { Command, CommanderError } from 'commander'
import type { CommandContext } from './commands/context.js'
import { EXIT_DENIED, EXIT_OK, EXIT_USAGE } from './exit-codes.js'
import { processOutput } from './io/cli-output.js'
import type { CliOutput } from './io/cli-output.js'
import { FileError } from './io/file-error.js'
import { UsageError } from './io/usage-error.js'
import { errorToJson, errorToText } from './render/error.js'

type Register = (program: Command, context: CommandContext) => void

/**
 * Every command, in the order `--help` lists them, by the module that
 * registers it. Modules load on demand: a run loads only the command it
 * names (its dependencies are most of the start-up time), `--help` and
 * anything unrecognised load them all.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  keygen: async () => (await import('./commands/keygen.js')).registerKeygen,
  delegate: async () => (await import('./commands/delegate.js')).registerDelegate,
  invoke: async () => (await import('./commands/invoke.js')).registerInvoke,
  inspect: async () => (await import('./commands/inspect.js')).registerInspect,
  verify: async () => (await import('./commands/verify.js')).registerVerify,
  revoke: async () => (await import('./commands/revoke.js')).registerRevoke,
  conformance: async () => (await import('./commands/conformance.js')).registerConformance,
  siwe: async () => (await import('./commands/siwe.js')).registerSiwe,
}

/**
 * Run the CLI with `argv` (without the node and script entries) and return
 * the exit code: 0 success, 1 denied or invalid input, 2 usage error.
 * `output` defaults to the process's streams; standard input (`-`) is
 * always the process's own.
 */
export async function main(argv: string[], output: CliOutput = processOutput()): Promise<number> {
  let exitCode = EXIT_OK
  const context: CommandContext = {
    out: (text) => output.stdout(text + '\n'),
    err: (text) => output.stderr(text + '\n'),
    write: (bytes) => output.stdout(bytes),
    exit: (code) => {
      exitCode = code
    },
    json: argv.includes('--json'),
    isTerminal: output.isTerminal,
  }
  const program = new Command('capchain')
    .description('Mint, inspect and verify UCAN 1.0 capability chains rooted in Sign-In with Ethereum.')
    .version(packageVersion(), '-V, --version', 'print the version of capchain')
    .showHelpAfterError(context.json ? false : '(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => output.stdout(s),
      writeErr: (s) => output.stderr(s),
      // Under --json the usage error is reported once, as JSON on standard output (see `report`).
      outputError: (s, write) => (context.json ? undefined : write(s)),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 invalid or denied, 2 usage error. Every command has --help with an example.\n' +
        '\nExample:\n  capchain keygen --out alice.key\n' +
        '  capchain delegate --key alice.key --to did:key:z6MkBob… --cmd /storage/read --path /photos --expires 7d > bob.ctn\n' +
        '  capchain inspect bob.ctn',
    )
  const named = Object.hasOwn(COMMANDS, argv[0] ?? '') ? [COMMANDS[argv[0]!]!] : Object.values(COMMANDS)
  for (const register of await Promise.all(named.map((load) => load()))) register(program, context)

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    return report(error, context)
  }
}

/** The version in the package's own package.json, one level above both `src` and `dist`. */
function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  return (manifest as { version: string }).version
}

function report(error: unknown, context: CommandContext): number {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0; commander has printed its own usage errors as text.
    if (error.exitCode === 0) return EXIT_OK
    if (!context.json) return EXIT_USAGE
    return report(new UsageError(error.message.replace(/^error: /, '')), context)
  }
  const code = error instanceof UsageError || error instanceof FileError ? EXIT_USAGE : EXIT_DENIED
  if (context.json) context.out(JSON.stringify({ ok: false, error: errorToJson(error) }, null, 2))
  else context.err(errorToText(error))
  if (!(error instanceof UsageError) && !(error instanceof CapchainError)) {
    context.err('(this is a bug in capchain: please report it with the command that caused it)')
  }
  return code
}
