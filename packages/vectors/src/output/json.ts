/** A JSON value as the vector files hold it: no `undefined`, no bytes (see `bytesJson`). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json }

/**
 * The text of a vector file: keys sorted by UTF-16 code unit at every level
 * (as DAG-JSON writes them, and as the ucan-wg/spec fixtures are laid out),
 * two-space indentation, one trailing newline. Sorting here, rather than
 * trusting the order objects were built in, is what makes the bytes a
 * function of the values alone.
 *
 * @throws {TypeError} a value JSON cannot hold (a non-finite number, `undefined`, a non-plain object)
 */
export function stableJson(value: Json): string {
  return `${JSON.stringify(sortKeys(value, '$'), null, 2)}\n`
}

function sortKeys(value: Json, at: string): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${at}: ${value} has no JSON form`)
    return value
  }
  if (Array.isArray(value)) return value.map((item: Json, i) => sortKeys(item, `${at}[${i}]`))
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new TypeError(`${at}: ${typeof value} has no JSON form`)
  }
  const sorted: Record<string, Json> = {}
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, Json | undefined>)[key]
    if (item === undefined) throw new TypeError(`${at}.${key} is undefined`)
    sorted[key] = sortKeys(item, `${at}.${key}`)
  }
  return sorted
}
