/**
 * One check per EIP-4361 field, shared by the parser (which passes the line
 * number) and the builder, so that text and fields are held to the same rules
 * and fail with the same `InvalidSiweMessageError`.
 */
import { isChecksumAddress, isHexAddress } from '../address/checksum.js'
import { InvalidSiweMessageError } from '../errors.js'
import { isAuthority, isPchars, isScheme, isUri } from '../syntax/rfc3986.js'
import { parseDateTime } from '../syntax/rfc3339.js'

/** The fields whose values are RFC 3339 date-times. */
export type TimeField = 'issuedAt' | 'expirationTime' | 'notBefore'

// statement = *( reserved / unreserved / " " ): printable ASCII minus `"%<>\^`{|}` and every control character.
const STATEMENT = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;= ]*$/
const STATEMENT_CHAR = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;= ]/
const NONCE = /^[A-Za-z0-9]{8,}$/
const CHAIN_ID = /^(?:0|[1-9][0-9]*)$/

/** A short, escaped rendering of untrusted input for error messages. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value)
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text)
}

function fail(at: string, message: string, line: number | undefined): never {
  throw new InvalidSiweMessageError(message, line === undefined ? { at } : { at, line })
}

function requireString(value: unknown, at: string, line: number | undefined): string {
  if (typeof value !== 'string') fail(at, `${at} must be a string, not ${value === null ? 'null' : typeof value}`, line)
  return value
}

/** @throws {InvalidSiweMessageError} unless `value` is an RFC 3986 scheme. */
export function checkScheme(value: unknown, line?: number): string {
  const scheme = requireString(value, 'scheme', line)
  if (!isScheme(scheme)) fail('scheme', `scheme ${quote(scheme)} is not an RFC 3986 scheme`, line)
  return scheme
}

/** @throws {InvalidSiweMessageError} unless `value` is an RFC 3986 authority with a non-empty host. */
export function checkDomain(value: unknown, line?: number): string {
  const domain = requireString(value, 'domain', line)
  // RFC 3986 allows an empty host, but EIP-4361 makes the domain REQUIRED: an empty one binds to nothing.
  if (domain === '') fail('domain', 'domain is missing', line)
  if (!isAuthority(domain, true)) fail('domain', `domain ${quote(domain)} is not an RFC 3986 authority`, line)
  return domain
}

/**
 * @throws {InvalidSiweMessageError} unless `value` is an address in EIP-55
 * checksum form. EIP-4361's field text says SHOULD, but its ABNF comment and
 * the spruceid reference vectors reject a lowercase address, and so do we: a
 * wallet displays and signs the exact text, so the checksum must be in it.
 */
export function checkAddress(value: unknown, line?: number): string {
  const address = requireString(value, 'address', line)
  if (address === '') fail('address', 'address is missing', line)
  if (!isHexAddress(address)) fail('address', `address ${quote(address)} is not "0x" followed by 40 hex digits`, line)
  if (!isChecksumAddress(address)) {
    fail('address', `address ${quote(address)} is not in EIP-55 checksum case (see toChecksumAddress)`, line)
  }
  return address
}

/**
 * @throws {InvalidSiweMessageError} unless `value` is one line of RFC 3986
 * reserved / unreserved characters and spaces. A line break is refused first
 * and by name: it is how a statement would forge the `URI:` / `Nonce:` lines
 * that follow it.
 */
export function checkStatement(value: unknown, line?: number): string {
  const statement = requireString(value, 'statement', line)
  if (STATEMENT.test(statement)) return statement
  const lf = statement.indexOf('\n')
  if (lf !== -1) fail('statement', 'statement contains a line break (LF); it must be a single line', line)
  const bad = [...statement].find((char) => !STATEMENT_CHAR.test(char)) ?? ''
  const codePoint = `U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
  const allowed = 'only RFC 3986 reserved and unreserved characters and spaces are allowed'
  fail('statement', `statement contains ${quote(bad)} (${codePoint}); ${allowed}`, line)
}

/** @throws {InvalidSiweMessageError} unless `value` is an RFC 3986 URI. */
export function checkUri(value: unknown, line?: number): string {
  const uri = requireString(value, 'uri', line)
  if (!isUri(uri)) fail('uri', `URI ${quote(uri)} is not an RFC 3986 URI`, line)
  return uri
}

/** @throws {InvalidSiweMessageError} unless `value` is `'1'`. */
export function checkVersion(value: unknown, line?: number): '1' {
  const version = requireString(value, 'version', line)
  if (version !== '1') fail('version', `version ${quote(version)} is not supported; EIP-4361 defines version 1 only`, line)
  return version
}

/**
 * @throws {InvalidSiweMessageError} unless `value` is a number that is a
 * non-negative safe integer. Stricter than the ABNF (`1*DIGIT`), so that a
 * parsed message renders back to the same bytes: nothing above 2^53 − 1,
 * which a number would round (and, in text, no leading zeros: see {@link checkChainIdText}).
 */
export function checkChainId(value: unknown, line?: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail('chainId', `chain id ${quote(value)} is not a non-negative integer below 2^53`, line)
  }
  return value
}

/** @throws {InvalidSiweMessageError} unless `text` is a decimal chain id without leading zeros, below 2^53. */
export function checkChainIdText(text: string, line?: number): number {
  if (!CHAIN_ID.test(text)) fail('chainId', `chain id ${quote(text)} is not a decimal integer without leading zeros`, line)
  return checkChainId(Number(text), line)
}

/** @throws {InvalidSiweMessageError} unless `value` is at least 8 ASCII letters and digits. */
export function checkNonce(value: unknown, line?: number): string {
  const nonce = requireString(value, 'nonce', line)
  if (!NONCE.test(nonce)) fail('nonce', `nonce ${quote(nonce)} is not at least 8 ASCII letters and digits`, line)
  return nonce
}

/** A date-time field: its text as written and the instant it names. */
export interface DateTimeValue {
  readonly text: string
  /** Milliseconds since the Unix epoch. */
  readonly instant: number
}

/** @throws {InvalidSiweMessageError} unless `value` is an RFC 3339 date-time naming a real date and time. */
export function checkDateTime(field: TimeField, value: unknown, line?: number): DateTimeValue {
  const text = requireString(value, field, line)
  const instant = parseDateTime(text)
  if (instant === undefined) fail(field, `${field} ${quote(text)} is not an RFC 3339 date-time`, line)
  return { text, instant }
}

/** @throws {InvalidSiweMessageError} unless `value` is RFC 3986 `*pchar`. */
export function checkRequestId(value: unknown, line?: number): string {
  const requestId = requireString(value, 'requestId', line)
  if (!isPchars(requestId)) fail('requestId', `request id ${quote(requestId)} is not RFC 3986 *pchar`, line)
  return requestId
}

/** @throws {InvalidSiweMessageError} unless `value` is an RFC 3986 URI; `at` is `resources[index]`. */
export function checkResource(value: unknown, index: number, line?: number): string {
  const at = `resources[${index}]`
  const resource = requireString(value, at, line)
  if (!isUri(resource)) fail(at, `resource ${quote(resource)} is not an RFC 3986 URI`, line)
  return resource
}
