import { writeFile } from 'node:fs/promises'
import { encodeContainerString } from '@capchain/core'
import type { Token } from '@capchain/core'
import { toString } from 'uint8arrays/to-string'
import type { CommandContext } from '../commands/context.js'
import { FileError } from './file-error.js'
import { UsageError } from './usage-error.js'

/** How `delegate`, `invoke` and `revoke` write what they issue. */
export type TokenFormat = 'container' | 'base64url' | 'raw'

/** `--format` values. */
export const TOKEN_FORMATS: readonly TokenFormat[] = ['container', 'base64url', 'raw']

/** What a command issued and the proofs that travel with it. */
export interface Issued {
  /** The new tokens, the main one first (its CID is printed): one, or the delegations of a storage grant. */
  readonly tokens: readonly Token[]
  /** Root first; they go into the container with the new tokens. */
  readonly proofs: readonly Token[]
}

/** Where and how to write it. */
export interface OutputFlags {
  format: TokenFormat
  out?: string
}

/**
 * The bytes of `issued` in `format`: `container`, a base64url UCAN
 * container of the new tokens and their proofs (text); `base64url`, the
 * one new token alone as base64url text; `raw`, it alone as DAG-CBOR bytes.
 *
 * @throws {UsageError} `base64url` or `raw` for more than one new token
 */
function encodeIssued(issued: Issued, format: TokenFormat): Uint8Array {
  if (format === 'container') {
    const text = encodeContainerString([...issued.proofs, ...issued.tokens].map((t) => t.bytes), 'base64url')
    return new TextEncoder().encode(text + '\n')
  }
  const [token, ...more] = issued.tokens
  if (token === undefined || more.length > 0) {
    throw new UsageError(`--format ${format} writes one token, and ${issued.tokens.length} were issued: use --format container`)
  }
  return format === 'raw' ? token.bytes : new TextEncoder().encode(toString(token.bytes, 'base64url') + '\n')
}

/**
 * Write an issued token to `--out`, or to standard output. With `--out`,
 * the token's CID goes to standard output. With `--json`, a summary goes to
 * standard output, holding the text of the token when there is no `--out`.
 *
 * @throws {UsageError} raw bytes to a terminal or into JSON, or one-token formats for several
 * @throws {FileError} `--out` cannot be written
 */
export async function writeIssued(
  issued: Issued,
  flags: OutputFlags,
  context: CommandContext,
  summary: Record<string, unknown>,
): Promise<void> {
  const bytes = encodeIssued(issued, flags.format)
  if (flags.out !== undefined && flags.out !== '-') {
    try {
      await writeFile(flags.out, bytes)
    } catch (cause) {
      throw new FileError(flags.out, 'write', cause)
    }
    if (context.json) context.out(JSON.stringify({ ok: true, ...summary, out: flags.out }, null, 2))
    else context.out(issued.tokens[0]!.cid.toString())
    return
  }
  if (flags.format === 'raw' && (context.json || context.isTerminal)) {
    throw new UsageError('--format raw writes binary: give --out FILE (or pipe the output without --json)')
  }
  if (context.json) context.out(JSON.stringify({ ok: true, ...summary, token: new TextDecoder().decode(bytes).trim() }, null, 2))
  else context.write(bytes)
}
