/**
 * EIP-4361 message parser.
 *
 * Our own, not `@spruceid/siwe-parser`. That library (v3.0.0, the reference)
 * passes every spruceid vector, but: its errors are plain `Error`s whose
 * message often only says "max line number was 6"; it reads the chain id with
 * `parseInt`, so `Chain ID: 01` and ids above 2^53 come back changed and the
 * message no longer renders to the bytes that were signed; it interprets a
 * generic ABNF grammar (apg-js) at about 0.4 ms a message; and it is CommonJS
 * with its own copy of @noble/hashes v1. The message format is line-based and
 * small, so a direct reader of the ABNF is short, fast and precise.
 */
import { InputTooLargeError } from '@capchain/core/errors'
import { InvalidSiweMessageError } from '../errors.js'
import {
  checkAddress,
  checkChainIdText,
  checkDateTime,
  checkDomain,
  checkNonce,
  checkRequestId,
  checkResource,
  checkScheme,
  checkStatement,
  checkUri,
  checkVersion,
  quote,
} from './fields.js'
import { DEFAULT_MAX_MESSAGE_LENGTH, HEADER_SUFFIX, type SiweMessageFields } from './interface.js'

/** Options of {@link parseSiweMessage}. */
export interface ParseSiweMessageOptions {
  /** Longest message text accepted, in characters. Default {@link DEFAULT_MAX_MESSAGE_LENGTH}. */
  maxLength?: number
}

// The optional tagged lines, in the only order the ABNF allows.
const OPTIONAL_TAGS = [
  ['Expiration Time: ', 'expirationTime'],
  ['Not Before: ', 'notBefore'],
  ['Request ID: ', 'requestId'],
] as const
const RESOURCES_LINE = 'Resources:'
// Every tagged line and its field, to name the field of a line found out of place.
const TAG_FIELDS: readonly (readonly [string, string])[] = [
  ['URI: ', 'uri'],
  ['Version: ', 'version'],
  ['Chain ID: ', 'chainId'],
  ['Nonce: ', 'nonce'],
  ['Issued At: ', 'issuedAt'],
  ...OPTIONAL_TAGS,
  [RESOURCES_LINE, 'resources'],
]
const fieldOfLine = (line: string): string | undefined => TAG_FIELDS.find(([tag]) => line.startsWith(tag))?.[1]

function malformed(message: string, at: string, line: number): never {
  throw new InvalidSiweMessageError(message, { at, line })
}

/**
 * Parse an EIP-4361 message text into its fields, exactly per the ABNF: lines
 * end with LF (any CR is refused), fields come in the fixed order, and every
 * field value is checked (RFC 3986 domain / URIs, EIP-55 address, RFC 3339
 * times, nonce, version 1, chain id).
 *
 * The result renders back to the same text with {@link createSiweMessage}.
 * @throws {InvalidSiweMessageError} if the text is not a valid SIWE message; `at` names the field and `line` the line.
 * @throws {InputTooLargeError} if the text is longer than `options.maxLength`.
 */
export function parseSiweMessage(message: string, options: ParseSiweMessageOptions = {}): SiweMessageFields {
  if (typeof message !== 'string') {
    const kind = message === null ? 'null' : typeof message
    throw new InvalidSiweMessageError(`a SIWE message must be a string, not ${kind}`, { at: 'message' })
  }
  const maxLength = options.maxLength ?? DEFAULT_MAX_MESSAGE_LENGTH
  if (message.length > maxLength) {
    // The length in characters, as the limit is: measuring bytes would scan the input we are refusing.
    throw new InputTooLargeError(message.length, maxLength, 'SIWE message', { at: 'message' }, 'characters')
  }
  const lines = message.split('\n')
  const cr = lines.findIndex((line) => line.includes('\r'))
  if (cr !== -1) malformed('carriage return (CR) found; SIWE lines end with LF alone', 'message', cr + 1)

  let index = 0
  /** The next line, which the ABNF says must exist; `what` names it for the error. */
  const next = (what: string, at: string): string => {
    const line = lines[index]
    if (line === undefined) malformed(`message ends early: expected ${what}`, at, index + 1)
    index += 1
    return line
  }
  /** The value after a required tag on the next line. */
  const tagged = (tag: string, at: string): [string, number] => {
    const line = next(`"${tag}…"`, at)
    if (!line.startsWith(tag)) {
      const hint = fieldOfLine(line) === undefined ? '' : ' (fields are out of order)'
      malformed(`expected "${tag}…", found ${quote(line)}${hint}`, at, index)
    }
    return [line.slice(tag.length), index]
  }
  const blank = (what: string, at: string): void => {
    const line = next(what, at)
    if (line !== '') malformed(`expected ${what}, found ${quote(line)}`, at, index)
  }

  const header = next('the "… wants you to sign in with your Ethereum account:" line', 'domain')
  if (!header.endsWith(HEADER_SUFFIX)) {
    malformed(`the first line must be "[scheme://]domain${HEADER_SUFFIX}"`, 'domain', 1)
  }
  const origin = header.slice(0, -HEADER_SUFFIX.length)
  // An authority never contains "/", so "://" can only end a scheme.
  const separator = origin.indexOf('://')
  const scheme = separator === -1 ? undefined : checkScheme(origin.slice(0, separator), 1)
  const domain = checkDomain(separator === -1 ? origin : origin.slice(separator + 3), 1)
  const address = checkAddress(next('the address', 'address'), 2)
  blank('an empty line after the address', 'address')

  // address LF LF [ statement LF ] LF "URI: …": an empty line 4 followed by a
  // non-empty line 5 means no statement; lines 4 and 5 both empty mean an
  // empty statement (which the ABNF allows); anything else on line 4 is the statement.
  let statement: string | undefined
  const third = lines[index]
  const fourth = lines[index + 1]
  if (third === '' && fourth !== '') {
    index += 1
  } else {
    const statementLine = index + 1
    statement = checkStatement(next('the statement', 'statement'), statementLine)
    blank('an empty line after the statement (a statement is a single line)', 'statement')
  }

  const uri = checkUri(...tagged('URI: ', 'uri'))
  const version = checkVersion(...tagged('Version: ', 'version'))
  const chainId = checkChainIdText(...tagged('Chain ID: ', 'chainId'))
  const nonce = checkNonce(...tagged('Nonce: ', 'nonce'))
  const [issuedAt, issuedAtLine] = tagged('Issued At: ', 'issuedAt')
  checkDateTime('issuedAt', issuedAt, issuedAtLine)

  const optional: { expirationTime?: string; notBefore?: string; requestId?: string } = {}
  for (const [tag, field] of OPTIONAL_TAGS) {
    const line = lines[index]
    if (line === undefined || !line.startsWith(tag)) continue
    index += 1
    const value = line.slice(tag.length)
    if (field === 'requestId') checkRequestId(value, index)
    else checkDateTime(field, value, index)
    optional[field] = value
  }

  let resources: string[] | undefined
  if (lines[index] === RESOURCES_LINE) {
    index += 1
    resources = []
    for (let line = lines[index]; line !== undefined && line.startsWith('- '); line = lines[index]) {
      index += 1
      resources.push(checkResource(line.slice(2), resources.length, index))
    }
  }

  const extra = lines[index]
  if (extra !== undefined) {
    const field = fieldOfLine(extra)
    if (field !== undefined) malformed(`${quote(extra)} is out of order or repeated`, field, index + 1)
    malformed(`unexpected line ${quote(extra)}`, resources === undefined ? 'message' : `resources[${resources.length}]`, index + 1)
  }

  return {
    ...(scheme === undefined ? {} : { scheme }),
    domain,
    address,
    ...(statement === undefined ? {} : { statement }),
    uri,
    version,
    chainId,
    nonce,
    issuedAt,
    ...optional,
    ...(resources === undefined ? {} : { resources }),
  }
}
