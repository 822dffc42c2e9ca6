import { CID } from 'multiformats/cid'
import { InvalidRecapError } from '../errors.js'
import { isUri } from '../syntax/rfc3986.js'
import type { Recap } from './interface.js'

/**
 * EIP-5573 ability string. The EIP's regex spells the name part `[a-zA-z…]`,
 * a typo that would admit `[\]^_\``; we read it as `A-Z`, as the reference
 * implementations do.
 */
const ABILITY = /^[a-zA-Z0-9.*_+-]+\/[a-zA-Z0-9.*_+-]+$/
/** Caveats nest at most this deep, which bounds the recursion below and in canonicalisation. */
const MAX_CAVEAT_DEPTH = 32
const LONE_SURROGATE = /\p{Cs}/u

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

const key = (name: string): string => `[${JSON.stringify(name)}]`

function checkString(text: string, at: string): void {
  // RFC 8785 cannot encode a lone surrogate, so neither can a ReCap.
  if (LONE_SURROGATE.test(text)) throw new InvalidRecapError('string contains a lone UTF-16 surrogate', { at })
}

function checkJson(value: unknown, at: string, depth: number): void {
  if (depth > MAX_CAVEAT_DEPTH) throw new InvalidRecapError(`caveats nest deeper than ${MAX_CAVEAT_DEPTH} levels`, { at })
  if (value === null || typeof value === 'boolean') return
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidRecapError('caveat numbers must be finite', { at })
    return
  }
  if (typeof value === 'string') return checkString(value, at)
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => checkJson(item, `${at}[${i}]`, depth + 1))
    return
  }
  if (isPlainObject(value)) {
    for (const [name, item] of Object.entries(value)) {
      checkString(name, at)
      checkJson(item, `${at}${key(name)}`, depth + 1)
    }
    return
  }
  const kinds = 'null, boolean, number, string, array, plain object'
  throw new InvalidRecapError(`caveat values must be JSON (${kinds}), not ${typeof value}`, { at })
}

/**
 * Check a value against the EIP-5573 ReCap Details Object schema, and a
 * little more where the schema is loose:
 * - exactly the keys `att` and `prf` (an unknown key could carry meaning a verifier would ignore);
 * - `att` has at least one resource, each an RFC 3986 URI with at least one ability (the schema's minProperties);
 * - each ability maps to an array of plain JSON objects;
 * - `prf` is an array of CID strings. Unlike the schema (`minItems: 1`) it may be
 *   empty, as in every reference vector. The EIP says base58btc; the recap-ts
 *   vectors use base32 (`bafy…`), so any multibase form `CID.parse` reads is accepted and kept as written.
 * @throws {InvalidRecapError} naming the first place at fault.
 */
export function checkRecap(value: unknown): Recap {
  if (!isPlainObject(value)) throw new InvalidRecapError('a ReCap must be a JSON object', { at: 'recap' })
  for (const name of Object.keys(value)) {
    if (name !== 'att' && name !== 'prf') throw new InvalidRecapError(`unknown ReCap key ${JSON.stringify(name)}`, { at: name })
  }
  const { att, prf } = value
  if (!isPlainObject(att)) throw new InvalidRecapError('att must be an object', { at: 'att' })
  const resources = Object.entries(att)
  if (resources.length === 0) throw new InvalidRecapError('att must name at least one resource', { at: 'att' })
  for (const [resource, abilities] of resources) {
    const at = `att${key(resource)}`
    if (!isUri(resource)) throw new InvalidRecapError(`resource ${JSON.stringify(resource)} is not an RFC 3986 URI`, { at })
    if (!isPlainObject(abilities)) throw new InvalidRecapError('abilities must be an object', { at })
    const entries = Object.entries(abilities)
    if (entries.length === 0) throw new InvalidRecapError('a resource must have at least one ability', { at })
    for (const [ability, caveats] of entries) {
      const abilityAt = `${at}${key(ability)}`
      if (!ABILITY.test(ability)) {
        throw new InvalidRecapError(`ability ${JSON.stringify(ability)} is not "<namespace>/<name>" of [a-zA-Z0-9.*_+-]`, { at: abilityAt })
      }
      if (!Array.isArray(caveats)) throw new InvalidRecapError('caveats must be an array of objects', { at: abilityAt })
      caveats.forEach((caveat: unknown, i) => {
        if (!isPlainObject(caveat)) throw new InvalidRecapError('each caveat must be an object', { at: `${abilityAt}[${i}]` })
        checkJson(caveat, `${abilityAt}[${i}]`, 1)
      })
    }
  }
  if (!Array.isArray(prf)) throw new InvalidRecapError('prf must be an array of CID strings', { at: 'prf' })
  prf.forEach((cid: unknown, i) => {
    if (typeof cid !== 'string') throw new InvalidRecapError('prf entries must be CID strings', { at: `prf[${i}]` })
    try {
      CID.parse(cid)
    } catch (cause) {
      throw new InvalidRecapError(`${JSON.stringify(cid)} is not a CID`, { at: `prf[${i}]`, cause })
    }
  })
  return value as unknown as Recap
}
