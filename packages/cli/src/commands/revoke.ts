import { createRevocation } from '@capchain/storage'
import { Option } from 'commander'
import type { Command } from 'commander'
import { checkRevocation } from '../chain/executor.js'
import { revocationPath } from '../chain/revocation.js'
import { EXIT_OK } from '../exit-codes.js'
import { readKeyFile } from '../io/key-file.js'
import { readDelegations } from '../io/proofs.js'
import { TOKEN_FORMATS, writeIssued } from '../io/token-output.js'
import type { TokenFormat } from '../io/token-output.js'
import { nowSeconds, parseExpiry } from '../options/time.js'
import { parseCid, parseDid } from '../options/ucan.js'
import { invocationSummary } from '../render/summary.js'
import type { CommandContext } from './context.js'
import { refuseOnError } from './refuse.js'

interface RevokeFlags {
  key: string
  cid: string
  proof: string[]
  aud: string
  expires: string
  out?: string
  format: TokenFormat
  json?: boolean
}

/** `capchain revoke --cid CID`: a signed `/ucan/revoke` invocation. */
export function registerRevoke(program: Command, context: CommandContext): void {
  program
    .command('revoke')
    .summary('revoke a delegation by CID: a signed /ucan/revoke invocation')
    .description(
      'Build a /ucan/revoke invocation (ucan-wg revocation draft, as @capchain/storage reads it) signed by --key, on its own ' +
        'behalf (iss = sub, no prf), addressed to the service that keeps revocations: args {"revoke": <CID>, "path": [<CID>…]}, ' +
        'the path being the chain from its root down to the revoked delegation, taken from --proof. The key must have issued ' +
        'a delegation on that path. It is checked as the service would (the path verified, the key upstream) and refused ' +
        '(exit 1) otherwise. The nonce is empty (a revocation is idempotent); it never expires unless --expires says so. ' +
        'Output: a base64url UCAN container of the revocation and the path.',
    )
    .requiredOption('--key <file>', 'key file of the revoker: an issuer on the chain of the delegation')
    .requiredOption('--cid <cid>', 'CID of the delegation to revoke')
    .requiredOption('--proof <files...>', 'the chain holding the delegation, the witness (- for standard input)')
    .requiredOption('--aud <did>', 'the service that keeps the revocations')
    .option('--expires <when>', 'duration, Unix seconds, ISO 8601 date, or never', 'never')
    .option('--out <file>', 'write the token here and print its CID; default: standard output')
    .addOption(
      new Option('--format <format>', 'container (revocation and path), base64url or raw (revocation only)').choices(TOKEN_FORMATS).default('container'),
    )
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExample:\n  capchain revoke --key alice.key --cid bafyreib… --proof carol.ctn --aud did:web:storage.example --out revoke.ctn',
    )
    .action(async (flags: RevokeFlags) => {
      const now = nowSeconds()
      const issuer = await readKeyFile(flags.key, context.err)
      const cid = parseCid(flags.cid, '--cid')
      const service = parseDid(flags.aud, '--aud')
      const expiration = parseExpiry(flags.expires, '--expires', now)
      const path = revocationPath(await readDelegations(flags.proof), cid)

      const invocation = await createRevocation({ issuer, service, path, expiration, nonce: new Uint8Array(0) })
      await refuseOnError(context, 'a storage service would not accept this revocation', async () => {
        const result = await checkRevocation(invocation.bytes, { proofs: path.map((d) => d.bytes), audience: service, now })
        if (!result.ok) throw result.error
      })
      await writeIssued({ tokens: [invocation], proofs: path }, flags, context, invocationSummary(invocation))
      context.exit(EXIT_OK)
    })
}
