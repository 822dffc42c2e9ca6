import { CID } from 'multiformats/cid'
import { InvalidCommandError, MalformedTokenError } from '../errors.js'
import { commandSyntaxError } from './command.js'
import type { DID } from '../principal/interface.js'
import type { IPLDMap, IPLDValue } from './interface.js'
import { isDid } from './did-syntax.js'
import { isPlainMap, tokenErrorContext } from '../envelope/decode.js'

/**
 * Typed reads of payload fields. Each failure names the field (`at:
 * payload.<field>`) and says what was expected and what was found.
 */
export class PayloadFields {
  /** @param cid - the token's CID, rendered into an error only when one is raised */
  constructor(
    private readonly payload: IPLDMap,
    private readonly tokenCid: CID,
  ) {}

  /**
   * Security policy: a field we do not know is an error, not ignored — a
   * verifier that skipped a caveat it did not understand would grant more
   * than the issuer signed for.
   */
  rejectUnknown(known: ReadonlySet<string>, kind: string): void {
    for (const key of Object.keys(this.payload)) {
      if (!known.has(key)) throw this.error(key, `unknown field "${key}" in a ${kind} payload`)
    }
  }

  has(field: string): boolean {
    return Object.hasOwn(this.payload, field)
  }

  did(field: string): DID {
    const value = this.required(field)
    if (!isDid(value)) throw this.error(field, `must be a DID string, found ${describe(value)}`)
    return value
  }

  didOrNull(field: string): DID | null {
    return this.required(field) === null ? null : this.did(field)
  }

  string(field: string): string {
    const value = this.required(field)
    if (typeof value !== 'string') throw this.error(field, `must be a string, found ${describe(value)}`)
    return value
  }

  /** @throws {InvalidCommandError} a string that is not a well-formed command */
  command(field: string): string {
    const value = this.string(field)
    const problem = commandSyntaxError(value)
    if (problem !== undefined) throw new InvalidCommandError(problem, tokenErrorContext(this.tokenCid, `payload.${field}`))
    return value
  }

  bytes(field: string): Uint8Array {
    const value = this.required(field)
    if (!(value instanceof Uint8Array)) throw this.error(field, `must be bytes, found ${describe(value)}`)
    return value
  }

  map(field: string): IPLDMap {
    const value = this.required(field)
    if (!isPlainMap(value)) throw this.error(field, `must be a map, found ${describe(value)}`)
    return value as IPLDMap
  }

  list(field: string): IPLDValue[] {
    const value = this.required(field)
    if (!Array.isArray(value)) throw this.error(field, `must be a list, found ${describe(value)}`)
    return value
  }

  cid(field: string): CID {
    const value = this.required(field)
    const cid = CID.asCID(value)
    if (cid === null) throw this.error(field, `must be a CID link, found ${describe(value)}`)
    return cid
  }

  cidList(field: string): CID[] {
    return this.list(field).map((item, index) => {
      const cid = CID.asCID(item)
      if (cid === null) throw this.error(`${field}[${index}]`, `must be a CID link, found ${describe(item)}`)
      return cid
    })
  }

  /** Seconds since the epoch; the spec rejects anything outside ±(2^53 − 1). */
  timestamp(field: string): number {
    const value = this.required(field)
    if (typeof value === 'bigint') throw this.error(field, `timestamp ${value} is outside ±(2^53 − 1)`)
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw this.error(field, `must be an integer timestamp in seconds, found ${describe(value)}`)
    }
    return value
  }

  timestampOrNull(field: string): number | null {
    return this.required(field) === null ? null : this.timestamp(field)
  }

  private required(field: string): IPLDValue {
    if (!this.has(field)) throw this.error(field, `required field "${field}" is missing`)
    return this.payload[field] as IPLDValue
  }

  error(field: string, message: string): MalformedTokenError {
    const at = `payload.${field}`
    return new MalformedTokenError(`${at}: ${message}`, tokenErrorContext(this.tokenCid, at))
  }
}

/** A short description of a value for error messages: its kind, and the value when small. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Uint8Array) return `bytes (${value.length})`
  if (CID.asCID(value) !== null) return `link ${String(value)}`
  if (Array.isArray(value)) return `a list of ${value.length}`
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `string "${value.slice(0, 40)}…"` : `string ${JSON.stringify(value)}`
    case 'number':
      return Number.isInteger(value) ? `integer ${value}` : `float ${value}`
    case 'bigint':
      return `integer ${value}`
    case 'boolean':
      return `boolean ${value}`
    case 'object':
      return 'a map'
    default:
      return typeof value
  }
}
