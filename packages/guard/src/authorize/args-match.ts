import { encodeDagCbor } from '@capchain/core'
import type { IPLDMap, IPLDValue } from '@capchain/core/token'
import { equals } from 'multiformats/bytes'
import { ArgsMismatchError } from '../errors.js'

/**
 * Check an invocation's `args` against the args a request executes, key by
 * key in sorted order, so the first difference named is the same whatever
 * order either map was built in. Values compare by IPLD equality: their
 * canonical dag-cbor encodings are equal (maps by key set and values,
 * numbers by value, bytes and links never equal to strings or lists).
 *
 * @param extra - whether keys the request does not name may be present
 * @throws {ArgsMismatchError} a key missing, differing, or (unless allowed) extra, at `args.<key>`
 */
export function checkArgs(invoked: IPLDMap, required: IPLDMap, extra: 'refuse' | 'allow', cid: string): void {
  for (const key of Object.keys(required).sort()) {
    const expected = required[key]!
    const actual = Object.hasOwn(invoked, key) ? invoked[key] : undefined
    if (actual === undefined || !sameValue(actual, expected)) throw new ArgsMismatchError(key, actual, expected, { cid, at: `args.${key}` })
  }
  if (extra === 'allow') return
  const unnamed = Object.keys(invoked).sort().find((key) => !Object.hasOwn(required, key))
  if (unnamed !== undefined) throw new ArgsMismatchError(unnamed, invoked[unnamed], undefined, { cid, at: `args.${unnamed}` })
}

function sameValue(actual: IPLDValue, expected: IPLDValue): boolean {
  // A string equals only the same string: the common case (a path parameter) without encoding both.
  if (typeof actual === 'string' || typeof expected === 'string') return actual === expected
  return equals(encodeDagCbor(actual), encodeDagCbor(expected))
}
