import type { IPLDMap, IPLDValue } from '@capchain/core'
import { decode } from '@ipld/dag-json'
import { InvalidOptionValueError } from '../io/usage-error.js'

/**
 * A value given on the command line as DAG-JSON: plain JSON, where
 * `{"/": "bafy…"}` is a CID link and `{"/": {"bytes": "…"}}` is bytes.
 *
 * @throws {InvalidOptionValueError} text that is not JSON, or not valid DAG-JSON
 */
export function parseDagJson(text: string, option: string): IPLDValue {
  try {
    JSON.parse(text)
  } catch (error) {
    throw new InvalidOptionValueError(option, text, `JSON (${(error as Error).message})`)
  }
  try {
    return decode<IPLDValue>(new TextEncoder().encode(text))
  } catch {
    throw new InvalidOptionValueError(option, text, 'valid DAG-JSON (links as {"/": "<cid>"}, bytes as {"/": {"bytes": "<base64>"}})')
  }
}

/**
 * A DAG-JSON map, e.g. an invocation's `--args`.
 *
 * @throws {InvalidOptionValueError} anything but a map
 */
export function parseDagJsonMap(text: string, option: string): IPLDMap {
  const value = parseDagJson(text, option)
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array || !isPlainObject(value)) {
    throw new InvalidOptionValueError(option, text, 'a JSON object')
  }
  return value as IPLDMap
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}
