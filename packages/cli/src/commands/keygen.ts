import { generateSigner } from '@capchain/core'
import type { Command } from 'commander'
import { EXIT_OK } from '../exit-codes.js'
import { writeKeyFile } from '../io/key-file.js'
import { UsageError } from '../io/usage-error.js'
import { parseKeyType } from '../options/key-type.js'
import type { CommandContext } from './context.js'

interface KeygenFlags {
  type: string
  out: string
  force?: boolean
  json?: boolean
}

/** `capchain keygen --out FILE`: a new did:key principal in a 0600 key file. */
export function registerKeygen(program: Command, context: CommandContext): void {
  program
    .command('keygen')
    .summary('create a key and write it to a key file (mode 0600)')
    .description(
      'Generate a did:key principal and write its secret to a key file, readable by its owner only (0600), ' +
        'created atomically. Prints the DID. The secret is never printed. Refuses to replace an existing file without --force.',
    )
    .option('--type <type>', 'key type: ed25519, secp256k1 or p256', 'ed25519')
    .requiredOption('--out <file>', 'the key file to create')
    .option('--force', 'replace the file if it exists')
    .option('--json', 'machine-readable output: {ok, did, keyType, file}')
    .addHelpText('after', '\nExample:\n  capchain keygen --out alice.key\n  capchain keygen --type secp256k1 --out bot.key --json')
    .action(async (flags: KeygenFlags) => {
      const keyType = parseKeyType(flags.type)
      if (flags.out === '-') throw new UsageError('--out: a key is never written to standard output; give a file')
      const signer = await generateSigner(keyType)
      await writeKeyFile(flags.out, signer, { force: flags.force === true })
      if (flags.json) context.out(JSON.stringify({ ok: true, did: signer.did(), keyType, file: flags.out }, null, 2))
      else context.out(signer.did())
      context.exit(EXIT_OK)
    })
}
