import { CID } from 'multiformats/cid'
import { toString } from 'uint8arrays/to-string'

/** IPLD data as JSON in the DAG-JSON conventions: bytes as `{"/": {"bytes": base64}}`, links as `{"/": cid}`. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { '/': { bytes: toString(value, 'base64') } }
  const cid = CID.asCID(value)
  if (cid !== null) return { '/': cid.toString() }
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJsonValue(inner)]))
  }
  return value
}
