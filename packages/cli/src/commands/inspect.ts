import { decodeToken } from '@capchain/core'
import type { Command } from 'commander'
import { EXIT_OK } from '../exit-codes.js'
import { readInput } from '../io/read-input.js'
import { tokensFromInput } from '../io/token-input.js'
import { tokenToJson, tokenToText } from '../render/token.js'
import type { CommandContext } from './context.js'

export function registerInspect(program: Command, context: CommandContext): void {
  program
    .command('inspect')
    .summary('decode tokens and print their CIDs, headers and payloads')
    .description(
      'Decode a token (raw DAG-CBOR, base64 text) or a UCAN container of tokens, and print each ' +
        "token's CID, kind, varsig header and payload. Signatures are not checked: use `verify`.",
    )
    .argument('<file>', 'token or container file, or - for standard input')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExample:\n  capchain inspect delegation.ucan\n  cat chain.container | capchain inspect - --json')
    .action(async (file: string, options: { json?: boolean }) => {
      const tokens = tokensFromInput(await readInput(file)).map((bytes) => decodeToken(bytes))
      if (options.json) context.out(JSON.stringify(tokens.map(tokenToJson), null, 2))
      else context.out(tokens.map(tokenToText).join('\n\n'))
      context.exit(EXIT_OK)
    })
}
