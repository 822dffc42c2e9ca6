import { extractRecap, verifySiweMessage, verifySiweSignature } from '@capchain/siwe'
import type { Command } from 'commander'
import { siweSkewReliance } from '../chain/siwe-skew.js'
import { skewLine } from '../chain/skew.js'
import { EXIT_OK } from '../exit-codes.js'
import { readSiweMessage } from '../io/siwe-input.js'
import { InvalidOptionValueError, UsageError } from '../io/usage-error.js'
import { DEFAULT_SKEW, parseSkew } from '../options/skew.js'
import { nowSeconds, parseTime } from '../options/time.js'
import { siweToText } from '../render/siwe.js'
import { paint } from '../render/style.js'
import type { CommandContext } from './context.js'

interface SiweVerifyFlags {
  message?: string
  signature: string
  address?: string
  domain?: string
  nonce?: string
  chainId?: string
  time?: string
  skew: string
  json?: boolean
}

/** `capchain siwe verify FILE --signature 0x…`: a signed SIWE message against what the relying party expects. */
export function registerSiweVerify(siwe: Command, context: CommandContext): void {
  siwe
    .command('verify')
    .summary('verify a signed SIWE message')
    .description(
      'Verify a Sign-In with Ethereum message: its syntax, the expected domain, nonce and chain id when given, its ' +
        'time window (Expiration Time, Not Before, --skew seconds of clock skew, default 60), and the EIP-191 signature of its own address ' +
        '(EOA wallets; contract wallets are not checked here). Exit 0 valid, 1 invalid with the typed error.',
    )
    .argument('[file]', 'the message text, or - for standard input (one final newline is ignored)')
    .option('--message <file>', 'the message file, instead of the argument')
    .requiredOption('--signature <hex>', 'the personal_sign signature, 0x + 130 hex digits')
    .option('--address <address>', 'the account that must have signed (EIP-55 checksum checked when mixed case)')
    .option('--domain <domain>', 'the domain the message must be for')
    .option('--nonce <nonce>', 'the nonce the relying party issued')
    .option('--chain-id <id>', 'the EIP-155 chain id the message must name')
    .option('--time <when>', 'check the time window as of this ISO 8601 date or Unix seconds; default now')
    .option('--skew <seconds>', 'clock-skew allowance on Expiration Time and Not Before', String(DEFAULT_SKEW))
    .option('--json', 'machine-readable output: {ok, fields, recap, skew, withinSkew}')
    .addHelpText(
      'after',
      '\nExample:\n  capchain siwe verify message.txt --signature 0x5f3a…1b --domain app.example --nonce 32891756',
    )
    .action(async (file: string | undefined, flags: SiweVerifyFlags) => {
      const source = flags.message ?? file
      if (source === undefined || (flags.message !== undefined && file !== undefined)) {
        throw new UsageError('give the message once: as the <file> argument or with --message FILE')
      }
      const message = await readSiweMessage(source)
      const now = flags.time === undefined ? nowSeconds() : parseTime(flags.time, '--time', nowSeconds())
      const skew = parseSkew(flags.skew, '--skew')
      const fields = verifySiweMessage(message, flags.signature, {
        now: new Date(now * 1000),
        skewSeconds: skew,
        ...(flags.domain === undefined ? {} : { domain: flags.domain }),
        ...(flags.nonce === undefined ? {} : { nonce: flags.nonce }),
        ...(flags.chainId === undefined ? {} : { chainId: parseChainId(flags.chainId) }),
      })
      if (flags.address !== undefined) verifySiweSignature(message, flags.signature, flags.address)
      const recap = extractRecap(fields)
      const withinSkew = siweSkewReliance(fields, now)
      if (flags.json) {
        context.out(JSON.stringify({ ok: true, fields, recap: recap ?? null, skew, withinSkew }, null, 2))
      } else {
        context.out(`${paint('green', 'valid')}: signed by ${fields.address} for ${fields.domain}`)
        context.out(skewLine({ now, skew }, withinSkew))
        context.out(siweToText(fields, recap))
      }
      context.exit(EXIT_OK)
    })
}

function parseChainId(text: string): number {
  const id = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(id)) throw new InvalidOptionValueError('--chain-id', text, 'a chain id (a whole number)')
  return id
}
