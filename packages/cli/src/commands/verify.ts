import { tokenKindHint } from '@capchain/core'
import type { DID } from '@capchain/core'
import { Option } from 'commander'
import type { Command } from 'commander'
import { checkAsExecutor } from '../chain/executor.js'
import type { ExecutorProfile } from '../chain/executor.js'
import { EXIT_DENIED, EXIT_OK } from '../exit-codes.js'
import { readInput } from '../io/read-input.js'
import { containerTokens, tokensFromInput } from '../io/token-input.js'
import { UsageError } from '../io/usage-error.js'
import { DEFAULT_SKEW, parseSkew } from '../options/skew.js'
import { nowSeconds, parseTime } from '../options/time.js'
import { verdictToJson, verdictToText } from '../render/verdict.js'
import type { CommandContext } from './context.js'

interface VerifyFlags {
  profile: ExecutorProfile
  invocation: string
  proof?: string[]
  /** The former spelling of `--proof`, still accepted. */
  proofs?: string[]
  container?: string
  time?: string
  skew: string
  audience?: string
  json?: boolean
}

/** `capchain verify --invocation FILE`: the verdict of the service that runs the invocation, with its chain. */
export function registerVerify(program: Command, context: CommandContext): void {
  program
    .command('verify')
    .summary('verify an invocation and its whole proof chain')
    .description(
      'Verify an invocation against its proofs: signatures, time bounds, principal and subject alignment, command attenuation and every policy. ' +
        'With --profile storage, a storage operation (/storage/read|write|list|delete) is checked as a capchain storage service would ' +
        '(@capchain/storage: arguments, path rules, caps against this one request; --audience is the service, default the invocation\'s aud). ' +
        'Every nbf and exp is allowed --skew seconds either way (default 60); the verdict says so, and names any bound that passed only thanks to it. ' +
        'Prints the verdict and the chain. Exit 0 authorized, 1 denied, 2 usage error.',
    )
    .requiredOption('--invocation <file>', 'the invocation token (or a container holding it), - for stdin')
    .option('--proof <files...>', 'proof token files (raw, base64 or containers)')
    .addOption(new Option('--proofs <files...>').hideHelp())
    .option('--container <file>', 'a container holding the proofs (and possibly the invocation)')
    .option('--time <when>', 'validate as of this time: ISO 8601 date, Unix seconds, or a duration from now; default now')
    .option('--skew <seconds>', 'clock-skew allowance on every nbf and exp', String(DEFAULT_SKEW))
    .option('--audience <did>', 'the verifying service: the invocation must be addressed to it')
    .addOption(
      new Option('--profile <profile>', 'ucan: the UCAN verifier alone; storage: also the checks of a capchain storage service (@capchain/storage)')
        .choices(['ucan', 'storage'])
        .default('ucan'),
    )
    .addOption(new Option('--json', 'machine-readable output'))
    .addHelpText(
      'after',
      '\nExamples:\n  capchain verify --invocation notes.inv --container chain.ctn --audience did:web:notes.example\n' +
        '  capchain verify --invocation notes.inv --proof root.ucan --time 2027-01-15T08:00:00Z --skew 0 --json\n' +
        '  capchain verify --profile storage --invocation write.inv --container chain.ctn --audience did:web:storage.example',
    )
    .action(async (flags: VerifyFlags) => {
      const clock = { now: flags.time === undefined ? nowSeconds() : parseTime(flags.time, '--time', nowSeconds()), skew: parseSkew(flags.skew, '--skew') }
      const given = tokensFromInput(await readInput(flags.invocation))
      const invocation = pickInvocation(given)
      const proofs = given.filter((token) => token !== invocation)
      for (const file of [...(flags.proof ?? []), ...(flags.proofs ?? [])]) proofs.push(...tokensFromInput(await readInput(file)))
      if (flags.container !== undefined) proofs.push(...containerTokens(await readInput(flags.container)))

      const verdict = await checkAsExecutor(invocation, {
        profile: flags.profile,
        proofs,
        now: clock.now,
        clockSkew: clock.skew,
        ...(flags.audience === undefined ? {} : { audience: flags.audience as DID }),
      })
      if (flags.json) context.out(JSON.stringify(verdictToJson(verdict, clock), null, 2))
      else context.out(verdictToText(verdict, clock))
      context.exit(verdict.result.ok ? EXIT_OK : EXIT_DENIED)
    })
}

/**
 * The invocation file may be a container; the invocation is then its one
 * token tagged `ucan/inv` (read from its first bytes). The verifier decodes
 * it and reports precisely what is wrong with it.
 */
function pickInvocation(tokens: Uint8Array[]): Uint8Array {
  if (tokens.length === 1) return tokens[0]!
  const invocations = tokens.filter((bytes) => tokenKindHint(bytes) === 'inv')
  if (invocations.length !== 1) {
    throw new UsageError(`--invocation holds ${tokens.length} tokens and ${invocations.length} invocations; expected exactly one`)
  }
  return invocations[0]!
}
