import type { Command } from 'commander'
import type { CommandContext } from './context.js'
import { registerSiweParse } from './siwe-parse.js'
import { registerSiweVerify } from './siwe-verify.js'

/** `capchain siwe parse|verify`: Sign-In with Ethereum messages. */
export function registerSiwe(program: Command, context: CommandContext): void {
  const siwe = program
    .command('siwe')
    .summary('parse or verify a Sign-In with Ethereum message')
    .description('Sign-In with Ethereum (EIP-4361) messages, the root of a capability chain.')
    .addHelpText('after', '\nExample:\n  capchain siwe parse message.txt\n  capchain siwe verify message.txt --signature 0x…')
  registerSiweParse(siwe, context)
  registerSiweVerify(siwe, context)
}
