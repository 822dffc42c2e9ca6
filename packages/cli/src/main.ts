import { CapchainError } from '@capchain/core'
import { Command, CommanderError } from 'commander'
import { registerConformance } from './commands/conformance.js'
import { registerInspect } from './commands/inspect.js'
import { registerVerify } from './commands/verify.js'
import type { CommandContext } from './commands/context.js'
import { EXIT_DENIED, EXIT_OK, EXIT_USAGE } from './exit-codes.js'
import { UsageError } from './io/usage-error.js'
import { errorToJson, errorToText } from './render/error.js'

/**
 * Run the CLI with `argv` (without the node and script entries) and return
 * the exit code: 0 success, 1 denied or invalid input, 2 usage error.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK
  const context: CommandContext = {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    exit: (code) => {
      exitCode = code
    },
    json: argv.includes('--json'),
  }
  const program = new Command('capchain')
    .description('Mint, inspect and verify UCAN 1.0 capability chains rooted in Sign-In with Ethereum.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
  registerInspect(program, context)
  registerVerify(program, context)
  registerConformance(program, context)

  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    return report(error, context)
  }
}

function report(error: unknown, context: CommandContext): number {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE
  }
  const code = error instanceof UsageError ? EXIT_USAGE : EXIT_DENIED
  if (context.json) context.out(JSON.stringify({ ok: false, error: errorToJson(error) }, null, 2))
  else context.err(errorToText(error))
  if (!(error instanceof UsageError) && !(error instanceof CapchainError)) {
    context.err('(this is a bug in capchain: please report it with the command that caused it)')
  }
  return code
}
