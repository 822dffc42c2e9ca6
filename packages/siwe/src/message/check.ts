import { InvalidSiweMessageError } from '../errors.js'
import {
  checkAddress,
  checkChainId,
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
  type DateTimeValue,
} from './fields.js'
import type { SiweMessageFields } from './interface.js'

/** Fields that passed every check, with the times that bound their validity already read. */
export interface CheckedSiweFields {
  readonly fields: SiweMessageFields
  readonly expirationTime: DateTimeValue | undefined
  readonly notBefore: DateTimeValue | undefined
}

const KEYS = new Set([
  'scheme',
  'domain',
  'address',
  'statement',
  'uri',
  'version',
  'chainId',
  'nonce',
  'issuedAt',
  'expirationTime',
  'notBefore',
  'requestId',
  'resources',
])

/**
 * Check a fields object from any source (our parser, a caller, JSON) against
 * every EIP-4361 rule. An optional field set to `undefined` counts as absent;
 * an unknown key is refused, since a misspelt `resources` would otherwise
 * vanish from the signed text without a word.
 * @throws {InvalidSiweMessageError} naming the first field at fault.
 */
export function checkSiweFields(input: unknown): CheckedSiweFields {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidSiweMessageError('SIWE message fields must be an object', { at: 'message' })
  }
  const record = input as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!KEYS.has(key)) throw new InvalidSiweMessageError(`unknown SIWE message field ${quote(key)}`, { at: key })
  }
  const required = (key: string): unknown => {
    const value = record[key]
    if (value === undefined) throw new InvalidSiweMessageError(`${key} is missing`, { at: key })
    return value
  }
  const scheme = record.scheme === undefined ? undefined : checkScheme(record.scheme)
  const domain = checkDomain(required('domain'))
  const address = checkAddress(required('address'))
  const statement = record.statement === undefined ? undefined : checkStatement(record.statement)
  const uri = checkUri(required('uri'))
  const version = checkVersion(required('version'))
  const chainId = checkChainId(required('chainId'))
  const nonce = checkNonce(required('nonce'))
  const issuedAt = checkDateTime('issuedAt', required('issuedAt'))
  const expirationTime = record.expirationTime === undefined ? undefined : checkDateTime('expirationTime', record.expirationTime)
  const notBefore = record.notBefore === undefined ? undefined : checkDateTime('notBefore', record.notBefore)
  const requestId = record.requestId === undefined ? undefined : checkRequestId(record.requestId)
  let resources: string[] | undefined
  if (record.resources !== undefined) {
    if (!Array.isArray(record.resources)) throw new InvalidSiweMessageError('resources must be an array of URIs', { at: 'resources' })
    resources = record.resources.map((resource: unknown, i) => checkResource(resource, i))
  }
  const fields: SiweMessageFields = {
    ...(scheme === undefined ? {} : { scheme }),
    domain,
    address,
    ...(statement === undefined ? {} : { statement }),
    uri,
    version,
    chainId,
    nonce,
    issuedAt: issuedAt.text,
    ...(expirationTime === undefined ? {} : { expirationTime: expirationTime.text }),
    ...(notBefore === undefined ? {} : { notBefore: notBefore.text }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(resources === undefined ? {} : { resources }),
  }
  return { fields, expirationTime, notBefore }
}
