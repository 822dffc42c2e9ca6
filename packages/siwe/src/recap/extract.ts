import { InvalidRecapError, MissingRecapError } from '../errors.js'
import type { SiweMessageFields } from '../message/interface.js'
import { decodeRecap } from './decode.js'
import { RECAP_URI_PREFIX, type Recap } from './interface.js'
import { checkRecapStatement } from './statement.js'

// URN scheme and namespace id are case-insensitive (RFC 8141), so `URN:ReCap:` is a ReCap URI too.
const isRecapUri = (resource: string): boolean => resource.slice(0, RECAP_URI_PREFIX.length).toLowerCase() === RECAP_URI_PREFIX

/**
 * The ReCap of a SIWE message, if it has one. EIP-5573 puts the ReCap URI in
 * the last resource; a ReCap URI anywhere else (misplaced, or a second one)
 * is an error rather than ignored, since a wallet may have shown it to the user.
 * The statement is not checked here: see {@link verifyRecap}.
 * @returns the decoded ReCap, or `undefined` if no resource is a ReCap URI.
 * @throws {InvalidRecapError} if a ReCap URI is not the last resource, appears twice, or does not decode.
 */
export function extractRecap(fields: Pick<SiweMessageFields, 'resources'>): Recap | undefined {
  const resources = fields.resources ?? []
  const positions = resources.flatMap((resource, i) => (isRecapUri(resource) ? [i] : []))
  if (positions.length === 0) return undefined
  if (positions.length > 1) {
    throw new InvalidRecapError(`a SIWE message carries one ReCap, found ${positions.length}`, { at: `resources[${positions[1]}]` })
  }
  const last = resources.length - 1
  if (positions[0] !== last) {
    throw new InvalidRecapError('the ReCap URI must be the last resource', { at: `resources[${positions[0]}]` })
  }
  try {
    return decodeRecap(resources[last] as string)
  } catch (error) {
    if (!(error instanceof InvalidRecapError)) throw error
    // Re-root the location inside the URI (`uri`, `att[…]…`) at the resource it came from.
    const inner = error.at === undefined || error.at === 'uri' ? '' : `.${error.at}`
    throw new InvalidRecapError(error.message, { at: `resources[${last}]${inner}`, cause: error })
  }
}

/**
 * The ReCap of a SIWE message, verified per EIP-5573: it must be present, be
 * the last and only ReCap resource, decode canonically, and the statement must
 * end with exactly the text it translates to (see {@link checkRecapStatement}).
 * The SIWE signature itself is checked separately.
 * @throws {MissingRecapError} if no resource is a ReCap URI.
 * @throws {InvalidRecapError} if the ReCap is misplaced, duplicated or malformed.
 * @throws {RecapStatementMismatchError} if the statement does not end with the ReCap's text.
 */
export function verifyRecap(fields: Pick<SiweMessageFields, 'statement' | 'resources'>): Recap {
  const recap = extractRecap(fields)
  if (recap === undefined) throw new MissingRecapError('the SIWE message has no ReCap resource', { at: 'resources' })
  checkRecapStatement(fields.statement, recap)
  return recap
}
