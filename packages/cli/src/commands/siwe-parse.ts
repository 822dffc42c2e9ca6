import { extractRecap, parseSiweMessage } from '@capchain/siwe'
import type { Command } from 'commander'
import { EXIT_OK } from '../exit-codes.js'
import { readSiweMessage } from '../io/siwe-input.js'
import { siweToText } from '../render/siwe.js'
import type { CommandContext } from './context.js'

/** `capchain siwe parse FILE`: the fields of a SIWE message, and its ReCap. */
export function registerSiweParse(siwe: Command, context: CommandContext): void {
  siwe
    .command('parse')
    .summary('print the fields of a SIWE message')
    .description(
      'Parse a Sign-In with Ethereum (EIP-4361) message strictly and print its fields, and its ReCap (EIP-5573) ' +
        'decoded when it carries one. No signature is checked: use `siwe verify`. Exit 1 on an invalid message.',
    )
    .argument('<file>', 'the message text, or - for standard input (one final newline is ignored)')
    .option('--json', 'machine-readable output: {ok, fields, recap}')
    .addHelpText('after', '\nExample:\n  capchain siwe parse message.txt\n  pbpaste | capchain siwe parse - --json')
    .action(async (file: string, flags: { json?: boolean }) => {
      const fields = parseSiweMessage(await readSiweMessage(file))
      const recap = extractRecap(fields)
      if (flags.json) context.out(JSON.stringify({ ok: true, fields, recap: recap ?? null }, null, 2))
      else context.out(siweToText(fields, recap))
      context.exit(EXIT_OK)
    })
}
