import { createDelegation } from '@capchain/core'
import type { DID, Delegation, Signer } from '@capchain/core'
import { assertStoragePath, checkCapGrant, createStorageGrant, STORAGE_OPS, storageCommand } from '@capchain/storage'
import type { StorageOp } from '@capchain/storage'
import type { CapLimit } from '@capchain/store'
import { Option } from 'commander'
import type { Command } from 'commander'
import { assertDelegable, outlivedBy } from '../chain/authorize.js'
import { orderChain } from '../chain/order.js'
import { EXIT_OK } from '../exit-codes.js'
import { readKeyFile } from '../io/key-file.js'
import { readDelegations } from '../io/proofs.js'
import { TOKEN_FORMATS, writeIssued } from '../io/token-output.js'
import type { TokenFormat } from '../io/token-output.js'
import { InvalidOptionValueError, UsageError } from '../io/usage-error.js'
import { buildPolicy, capLimit, storageValue } from '../options/policy.js'
import type { BuiltPolicy, PolicyFlags } from '../options/policy.js'
import { parseSize } from '../options/size.js'
import { nowSeconds, parseExpiry, parseTime } from '../options/time.js'
import { parseCommand, parseDid } from '../options/ucan.js'
import { delegationSummary } from '../render/summary.js'
import { formatTime } from '../render/time.js'
import type { CommandContext } from './context.js'
import { refuseOnError } from './refuse.js'

interface DelegateFlags extends PolicyFlags {
  key: string
  to: string
  cmd?: string
  ops?: string
  sub?: string
  powerline?: boolean
  expires: string
  notBefore?: string
  proof?: string[]
  out?: string
  format: TokenFormat
  json?: boolean
}

/** Who issues to whom, on which proofs, for how long. */
interface Parties {
  issuer: Signer
  audience: DID
  /** Root first, ending with a delegation addressed to `issuer`; empty for a root. */
  proofs: Delegation[]
  expiration: number | null
  notBefore: number | undefined
}

/** What to delegate, read from the flags: a command with a policy, or storage operations. */
type Grant =
  | { kind: 'command'; command: string; subject: DID | null | undefined; policy: BuiltPolicy }
  | { kind: 'storage'; ops: StorageOp[]; path: string; maxSize: number | undefined; cap: CapLimit | undefined }

/** The delegations issued and, for each, the whole chain a verifier will see. */
interface Issuance {
  delegations: readonly Delegation[]
  chains: readonly (readonly Delegation[])[]
}

/** `capchain delegate`: issue a delegation, checked against its proofs first. */
export function registerDelegate(program: Command, context: CommandContext): void {
  program
    .command('delegate')
    .summary('delegate a command to another DID, checked against your proofs')
    .description(
      'Issue a UCAN 1.0 delegation signed by --key. Without --proof the key delegates its own authority (it is the subject). ' +
        'With --proof, the proof chain must already grant the key the command: the chain with the new delegation is verified ' +
        'first (signatures, time, audience, command, subject, caps) and refused (exit 1) if it would not verify. ' +
        '--path, --max-size, --max-bytes and --max-uses are the storage profile\'s statements (@capchain/storage); ' +
        '--ops grants storage operations instead of --cmd. ' +
        'Output: a base64url UCAN container of the whole chain, proofs included, ready for the audience.',
    )
    .requiredOption('--key <file>', 'key file of the issuer (see keygen)')
    .requiredOption('--to <did>', 'the audience: who receives the capability')
    .option('--cmd <command>', 'the command delegated, e.g. /storage/read (covers the commands below it)')
    .addOption(
      new Option('--ops <ops>', `storage operations, comma-separated (${STORAGE_OPS.join(',')}): a storage grant, instead of --cmd`).conflicts([
        'cmd',
        'policy',
        'sub',
        'powerline',
      ]),
    )
    .addOption(new Option('--sub <did>', 'the subject; default: the subject of the proof chain, or the key itself').conflicts('powerline'))
    .option('--powerline', 'sub: null, passing on whatever the key holds now or later')
    .option('--policy <json>', 'policy statements, DAG-JSON, e.g. \'[["==", ".op", "read"]]\'')
    .option('--path <path>', 'only arguments whose .path is this path or below it (a canonical storage path)')
    .option('--max-size <size>', 'only requests whose .size is at most this (1GB, 500MB, 1MiB, bytes)')
    .option('--max-bytes <size>', 'cap: bytes over every invocation through this delegation, together')
    .option('--max-uses <count>', 'cap: invocations through this delegation')
    .option('--cap-period <duration>', 'the cap applies per window of this length, aligned to the Unix epoch (1d: per UTC day)')
    .option('--expires <when>', 'duration (30s 15m 1h 7d 2w), Unix seconds, ISO 8601 date, or never', '30d')
    .option('--not-before <when>', 'not valid before: duration from now, Unix seconds or ISO 8601 date')
    .option('--proof <files...>', 'the proof chain: token or container files (- for standard input)')
    .option('--out <file>', 'write the token here and print its CID; default: standard output')
    .addOption(
      new Option('--format <format>', 'container (chain and proofs), base64url or raw (this token only)').choices(TOKEN_FORMATS).default('container'),
    )
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExample:\n' +
        '  capchain delegate --key alice.key --to did:key:z6MkBob… --cmd /storage \\\n' +
        '    --path /photos --max-size 10MB --max-bytes 1GB --max-uses 500 --expires 7d --out bob.ctn\n' +
        '  capchain delegate --key bob.key --to did:key:z6MkCarol… --ops read,list --path /photos/2024 --proof bob.ctn > carol.ctn',
    )
    .action(async (flags: DelegateFlags) => {
      const now = nowSeconds()
      const issuer = await readKeyFile(flags.key, context.err)
      const audience = parseDid(flags.to, '--to')
      const grant = readGrant(flags)
      const expiration = parseExpiry(flags.expires, '--expires', now)
      const notBefore = flags.notBefore === undefined ? undefined : parseTime(flags.notBefore, '--not-before', now)
      const command = grant.kind === 'command' ? grant.command : storageCommand(grant.ops[0]!)
      const proofs = orderChain(await readDelegations(flags.proof ?? []), issuer.did(), command)
      const parties: Parties = { issuer, audience, proofs, expiration, notBefore }

      const refusal = `the proofs do not authorize this delegation (the new delegation is chain[${proofs.length}])`
      const issued = await refuseOnError(context, refusal, async () => {
        const issuance = grant.kind === 'command' ? await delegateCommand(parties, grant) : await grantStorage(parties, grant)
        // A powerline without proofs is issued ahead of the delegations it will pass on: there is no chain yet.
        if (!(grant.kind === 'command' && grant.subject === null && proofs.length === 0)) {
          for (const chain of issuance.chains) await assertDelegable(chain, Math.max(now, notBefore ?? now))
        }
        return issuance
      })
      const until = outlivedBy(expiration, proofs)
      if (until !== undefined) context.err(`note: the proofs expire at ${formatTime(until)}; this delegation is usable until then only`)

      const head = issued.delegations[0]!
      await writeIssued({ tokens: issued.delegations, proofs }, flags, context, delegationSummary(head, proofs, issued.delegations))
      context.exit(EXIT_OK)
    })
}

/**
 * What the flags ask to delegate: with `--ops`, storage operations under a
 * path; otherwise `--cmd` with its policy and subject.
 *
 * @throws {UsageError} neither `--cmd` nor `--ops`, or a value that cannot be read
 */
function readGrant(flags: DelegateFlags): Grant {
  if (flags.ops !== undefined) {
    const path = flags.path ?? '/'
    storageValue('--path', path, 'a storage path', () => assertStoragePath(path))
    return {
      kind: 'storage',
      ops: parseOps(flags.ops),
      path,
      maxSize: flags.maxSize === undefined ? undefined : parseSize(flags.maxSize, '--max-size'),
      cap: capLimit(flags),
    }
  }
  if (flags.cmd === undefined) throw new UsageError('give --cmd COMMAND, or --ops for a storage grant')
  const subject = flags.powerline ? null : flags.sub === undefined ? undefined : parseDid(flags.sub, '--sub')
  return { kind: 'command', command: parseCommand(flags.cmd), subject, policy: buildPolicy(flags) }
}

/**
 * One delegation of a command. A cap may not exceed a cap of the proofs.
 * The subject defaults to the proof chain's, or to the issuer for a root.
 *
 * @throws {CapGrantExceededError} a cap beyond an ancestor's
 */
async function delegateCommand(parties: Parties, grant: Extract<Grant, { kind: 'command' }>): Promise<Issuance> {
  const { statements, cap } = grant.policy
  if (cap !== undefined) await checkCapGrant({ parent: parties.proofs, cap })
  const delegation = await createDelegation({
    issuer: parties.issuer,
    audience: parties.audience,
    subject: grant.subject === undefined ? (parties.proofs[0]?.payload.sub ?? parties.issuer.did()) : grant.subject,
    command: grant.command,
    policy: statements,
    expiration: parties.expiration,
    notBefore: parties.notBefore,
  })
  return { delegations: [delegation], chains: [[...parties.proofs, delegation]] }
}

/**
 * A storage grant of `ops` (`createStorageGrant`): one delegation for one
 * operation or all four, otherwise one carrying the constraints to a
 * one-time relay key and one per operation from it.
 *
 * @throws {InvalidGrantError | CapGrantExceededError} proofs that do not reach the issuer or cover the operations, a cap beyond an ancestor's
 */
async function grantStorage(parties: Parties, grant: Extract<Grant, { kind: 'storage' }>): Promise<Issuance> {
  const issued = await createStorageGrant({
    issuer: parties.issuer,
    audience: parties.audience,
    parent: parties.proofs,
    ops: grant.ops,
    path: grant.path,
    ...(grant.maxSize === undefined ? {} : { maxSize: grant.maxSize }),
    ...(grant.cap === undefined ? {} : { cap: grant.cap }),
    expiration: parties.expiration,
    ...(parties.notBefore === undefined ? {} : { notBefore: parties.notBefore }),
  })
  return { delegations: issued.delegations, chains: Object.values(issued.chains) }
}

/** @throws {InvalidOptionValueError} an empty list or an unknown operation */
function parseOps(text: string): StorageOp[] {
  const ops = text.split(',').map((op) => op.trim())
  if (ops.some((op) => !(STORAGE_OPS as readonly string[]).includes(op))) {
    throw new InvalidOptionValueError('--ops', text, `a comma-separated list of storage operations (${STORAGE_OPS.join(', ')})`)
  }
  return ops as StorageOp[]
}
