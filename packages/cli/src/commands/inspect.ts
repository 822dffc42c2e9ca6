import { decodeToken } from '@capchain/core'
import type { Command } from 'commander'
import { arrangeForest } from '../chain/arrange.js'
import { EXIT_OK } from '../exit-codes.js'
import { readInput } from '../io/read-input.js'
import { tokensFromInput } from '../io/token-input.js'
import { forestToText, tokenToJson } from '../render/token.js'
import type { CommandContext } from './context.js'

/** `capchain inspect FILE`: decode tokens and show them, chains as trees. */
export function registerInspect(program: Command, context: CommandContext): void {
  program
    .command('inspect')
    .summary('decode tokens and show each chain as a tree')
    .description(
      'Decode a token (raw DAG-CBOR, base64 text) or a UCAN container of tokens. Chains are drawn as trees, ' +
        'root first, each link under the one it extends, invocations last: issuer → audience, subject, command, policy or arguments, time bounds, ' +
        'CID and varsig header of each link. Signatures are not checked: use `verify`. ' +
        '--json prints {ok, tokens}: every token (CID, kind, header, signature, payload) in input order.',
    )
    .argument('<file>', 'token or container file, or - for standard input')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  capchain inspect delegation.ucan\n  cat chain.container | capchain inspect - --json')
    .action(async (file: string, options: { json?: boolean }) => {
      const tokens = tokensFromInput(await readInput(file)).map((bytes) => decodeToken(bytes))
      if (options.json) context.out(JSON.stringify({ ok: true, tokens: tokens.map(tokenToJson) }, null, 2))
      else context.out(forestToText(arrangeForest(tokens)))
      context.exit(EXIT_OK)
    })
}
