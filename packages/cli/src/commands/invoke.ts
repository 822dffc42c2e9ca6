import { createInvocation } from '@capchain/core'
import { storageOpOf } from '@capchain/storage'
import { Option } from 'commander'
import type { Command } from 'commander'
import { checkAsExecutor } from '../chain/executor.js'
import { orderChain } from '../chain/order.js'
import { describeReliance } from '../chain/skew.js'
import { EXIT_OK } from '../exit-codes.js'
import { readKeyFile } from '../io/key-file.js'
import { readDelegations } from '../io/proofs.js'
import { TOKEN_FORMATS, writeIssued } from '../io/token-output.js'
import type { TokenFormat } from '../io/token-output.js'
import { UsageError } from '../io/usage-error.js'
import { parseDagJsonMap } from '../options/dag-json.js'
import { DEFAULT_SKEW, parseSkew } from '../options/skew.js'
import { nowSeconds, parseExpiry } from '../options/time.js'
import { parseCommand, parseDid } from '../options/ucan.js'
import { invocationSummary } from '../render/summary.js'
import { reliedOn } from '../render/verdict.js'
import type { CommandContext } from './context.js'
import { refuseOnError } from './refuse.js'

interface InvokeFlags {
  key: string
  cmd: string
  args: string
  sub?: string
  aud?: string
  expires: string
  skew: string
  proof?: string[]
  out?: string
  format: TokenFormat
  json?: boolean
}

/** `capchain invoke`: issue an invocation with its proofs, verified before it is written. */
export function registerInvoke(program: Command, context: CommandContext): void {
  program
    .command('invoke')
    .summary('invoke a command with your proofs, as a container `verify` accepts')
    .description(
      'Build and sign a UCAN 1.0 invocation: prf lists the proof chain root first. It is verified as the service ' +
        'would (signatures, time, chain, every policy against --args; for /storage/* the storage profile: path rules, ' +
        'size, caps against this one request) and refused (exit 1) if it would be denied. ' +
        'Output: a base64url UCAN container of the invocation and its proofs.',
    )
    .requiredOption('--key <file>', 'key file of the invoker (see keygen)')
    .requiredOption('--cmd <command>', 'the command, e.g. /storage/write')
    .option('--args <json>', 'arguments, a DAG-JSON object', '{}')
    .option('--sub <did>', 'the subject; default: the subject of the proof chain, or the key itself')
    .option('--aud <did>', 'the executor (the service), when it is not the subject')
    .option('--expires <when>', 'duration (30s 15m 1h), Unix seconds, ISO 8601 date, or never', '5m')
    .option('--proof <files...>', 'the proof chain: token or container files (- for standard input)')
    .option('--skew <seconds>', 'clock-skew allowance of the check on every nbf and exp', String(DEFAULT_SKEW))
    .option('--out <file>', 'write the token here and print its CID; default: standard output')
    .addOption(new Option('--format <format>', 'container (invocation and proofs), base64url or raw (invocation only)').choices(TOKEN_FORMATS).default('container'))
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExample:\n' +
        '  capchain invoke --key carol.key --cmd /storage/read --args \'{"path": "/photos/a.jpg"}\' \\\n' +
        '    --aud did:web:storage.example --proof carol.ctn --out read.ctn\n' +
        '  capchain verify --invocation read.ctn --audience did:web:storage.example',
    )
    .action(async (flags: InvokeFlags) => {
      const now = nowSeconds()
      const signer = await readKeyFile(flags.key, context.err)
      const command = parseCommand(flags.cmd)
      const args = parseDagJsonMap(flags.args, '--args')
      const audience = flags.aud === undefined ? undefined : parseDid(flags.aud, '--aud')
      if (audience === undefined && storageOpOf(command) !== undefined) {
        throw new UsageError(`--aud: a ${command} invocation must name the storage service it is for`)
      }
      const expiration = parseExpiry(flags.expires, '--expires', now)
      const clock = { now, skew: parseSkew(flags.skew, '--skew') }
      const proofs = orderChain(await readDelegations(flags.proof ?? []), signer.did(), command)
      const subject = flags.sub === undefined ? (proofs[0]?.payload.sub ?? signer.did()) : parseDid(flags.sub, '--sub')

      const invocation = await createInvocation({
        issuer: signer,
        subject,
        ...(audience === undefined ? {} : { audience }),
        command,
        args,
        proofs: proofs.map((d) => d.cid),
        expiration,
        issuedAt: now,
      })
      const verdict = await refuseOnError(context, `${verdictSource(command)} would deny this invocation`, async () => {
        const checked = await checkAsExecutor(invocation.bytes, { proofs: proofs.map((d) => d.bytes), now, clockSkew: clock.skew })
        if (!checked.result.ok) throw checked.result.error
        return checked
      })
      const withinSkew = reliedOn(verdict, clock)
      // A bound passed only within the skew is already past by our clock: the service may refuse it by the time it arrives.
      if (withinSkew.length > 0 && !context.json) {
        context.err(`note: accepted only thanks to the clock skew of ${clock.skew} s: ${withinSkew.map(describeReliance).join(', ')}`)
      }

      const summary = { ...invocationSummary(invocation), skew: clock.skew, withinSkew }
      await writeIssued({ tokens: [invocation], proofs }, flags, context, summary)
      context.exit(EXIT_OK)
    })
}

/** Who decides, for the refusal message. */
function verdictSource(command: string): string {
  return storageOpOf(command) === undefined ? 'a UCAN verifier' : 'a storage service'
}
