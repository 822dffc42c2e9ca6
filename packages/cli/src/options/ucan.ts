import { commandSyntaxError, isDid } from '@capchain/core'
import type { DID } from '@capchain/core'
import { CID } from 'multiformats/cid'
import { InvalidOptionValueError } from '../io/usage-error.js'

/**
 * A DID given on the command line (`--to`, `--sub`, `--aud`).
 *
 * @throws {InvalidOptionValueError} text that is not a DID
 */
export function parseDid(text: string, option: string): DID {
  if (!isDid(text)) throw new InvalidOptionValueError(option, text, 'a DID (did:method:identifier)')
  return text
}

/**
 * A UCAN command (`--cmd`): `/`, or lowercase segments after slashes.
 *
 * @throws {InvalidOptionValueError} a command the UCAN syntax does not allow, with the rule it breaks
 */
export function parseCommand(text: string, option = '--cmd'): string {
  const reason = commandSyntaxError(text)
  if (reason !== undefined) throw new InvalidOptionValueError(option, text, `a command (${reason})`)
  return text
}

/**
 * A CID (`--cid`), in any multibase the `multiformats` library reads.
 *
 * @throws {InvalidOptionValueError} text that is not a CID
 */
export function parseCid(text: string, option: string): CID {
  try {
    return CID.parse(text)
  } catch {
    throw new InvalidOptionValueError(option, text, 'a CID (bafy…)')
  }
}
