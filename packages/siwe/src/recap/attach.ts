import { InvalidRecapError } from '../errors.js'
import { checkSiweFields } from '../message/check.js'
import type { SiweMessageFields } from '../message/interface.js'
import { encodeRecap } from './encode.js'
import type { Recap } from './interface.js'
import { extractRecap } from './extract.js'
import { recapStatement } from './statement.js'

/**
 * SIWE fields that grant `recap`: its translated text appended to the
 * statement (after one space, or as the whole statement when there is none or
 * it is empty) and its ReCap URI appended as the last resource.
 * @throws {InvalidRecapError} if `recap` is invalid or the fields already carry a ReCap (merging is not supported).
 * @throws {InvalidSiweMessageError} if the resulting fields break EIP-4361, e.g. a resource URI
 *   with `%`, which the ReCap text would copy into the statement, where `%` is not allowed.
 */
export function withRecap(fields: SiweMessageFields, recap: Recap): SiweMessageFields {
  if (extractRecap(fields) !== undefined) {
    throw new InvalidRecapError('the SIWE fields already carry a ReCap', { at: 'resources' })
  }
  const text = recapStatement(recap)
  const statement = fields.statement === undefined || fields.statement === '' ? text : `${fields.statement} ${text}`
  return checkSiweFields({ ...fields, statement, resources: [...(fields.resources ?? []), encodeRecap(recap)] }).fields
}
