const MAX_KEYS = 8

/**
 * What a value is, in words, for an error message: `a string`, `null`,
 * `an object with keys a, b`. Never the value itself: a wrong argument may
 * hold a private key.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  switch (typeof value) {
    case 'undefined':
      return 'undefined'
    case 'object':
      return describeObject(value)
    case 'function':
      return 'a function'
    default:
      return `a ${typeof value}`
  }
}

function describeObject(value: object): string {
  const keys = Object.keys(value)
  const constructorName = (value.constructor as { name?: unknown } | undefined)?.name
  const name = typeof constructorName === 'string' && constructorName !== '' && constructorName !== 'Object' ? `a ${constructorName}` : 'an object'
  if (keys.length === 0) return `${name} with no keys`
  const shown = keys.slice(0, MAX_KEYS).join(', ')
  return `${name} with keys ${shown}${keys.length > MAX_KEYS ? ', …' : ''}`
}
