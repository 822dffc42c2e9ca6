import { decodeToken } from '@capchain/core'
import type { Delegation, Token } from '@capchain/core'
import { readInput } from './read-input.js'
import { tokensFromInput } from './token-input.js'

/**
 * Every token in the given files (each a token or a container, `-` for
 * standard input), decoded, without duplicates.
 *
 * @throws {UsageError} a file cannot be read
 * @throws {CapchainError} a token or container does not decode
 */
async function readTokens(files: readonly string[]): Promise<Token[]> {
  const tokens = new Map<string, Token>()
  for (const file of files) {
    for (const bytes of tokensFromInput(await readInput(file))) {
      const token = decodeToken(bytes)
      tokens.set(token.cid.toString(), token)
    }
  }
  return [...tokens.values()]
}

/**
 * The delegations in the given files (`--proof`); invocations found there,
 * as in a container written by `invoke`, are skipped.
 *
 * @throws see {@link readTokens}
 */
export async function readDelegations(files: readonly string[]): Promise<Delegation[]> {
  return (await readTokens(files)).filter((token): token is Delegation => token.kind === 'dlg')
}
