import { InvalidStoragePathError } from '../errors.js'
import { CHARACTER_RULES, MAX_PATH_BYTES, MAX_PATH_SEGMENTS, MAX_SEGMENT_BYTES } from './rules.js'
import type { PathRejection } from './rules.js'

const encoder = new TextEncoder()

/** Why `path` is not a canonical storage path, with a detail for people; `undefined` when it is one. */
export function storagePathRejection(path: unknown): { reason: PathRejection; detail: string } | undefined {
  if (typeof path !== 'string') return { reason: 'type', detail: 'a path must be a string' }
  // UTF-16 units never outnumber UTF-8 bytes, so this bounds the work below before any scan.
  if (path.length > MAX_PATH_BYTES) return { reason: 'too-long', detail: `more than ${MAX_PATH_BYTES} bytes` }
  if (/\p{Cs}/u.test(path)) return { reason: 'ill-formed', detail: 'a lone surrogate (not valid Unicode)' }
  const bytes = encoder.encode(path).length
  if (bytes > MAX_PATH_BYTES) return { reason: 'too-long', detail: `${bytes} bytes; the limit is ${MAX_PATH_BYTES}` }
  if (!path.startsWith('/')) return { reason: 'relative', detail: 'a path must start with "/"' }
  for (const [reason, pattern, what] of CHARACTER_RULES) {
    const found = pattern.exec(path)
    if (found !== null) return { reason, detail: `${what} (${codePoint(found[0])}) at offset ${found.index}` }
  }
  if (path.normalize('NFC') !== path) return { reason: 'not-nfc', detail: 'not in Unicode normalization form C' }
  // Compatibility characters (fullwidth "．", "／", ligatures …) turn into others under NFKC, which some backends apply.
  if (path.normalize('NFKC') !== path) return { reason: 'not-nfkc', detail: 'holds compatibility characters that NFKC would change' }
  if (path === '/') return undefined
  if (path.endsWith('/')) return { reason: 'trailing-slash', detail: 'only the root "/" ends with "/"' }
  const segments = path.slice(1).split('/')
  if (segments.length > MAX_PATH_SEGMENTS) {
    return { reason: 'too-many-segments', detail: `${segments.length} segments; the limit is ${MAX_PATH_SEGMENTS}` }
  }
  for (const [i, segment] of segments.entries()) {
    const rejection = segmentRejection(segment, i)
    if (rejection !== undefined) return rejection
  }
  return undefined
}

/**
 * Check that `path` is a canonical storage path (rules in path/rules.ts).
 *
 * @throws {InvalidStoragePathError} naming the rule broken in `reason`
 */
export function assertStoragePath(path: unknown, at?: string): asserts path is string {
  const rejection = storagePathRejection(path)
  if (rejection !== undefined) throw new InvalidStoragePathError(rejection.reason, rejection.detail, at === undefined ? {} : { at })
}

function segmentRejection(segment: string, index: number): { reason: PathRejection; detail: string } | undefined {
  if (segment === '') return { reason: 'empty-segment', detail: `segment ${index} is empty ("//")` }
  if (segment === '.' || segment === '..') return { reason: 'dot-segment', detail: `segment ${index} is "${segment}"` }
  const bytes = encoder.encode(segment).length
  if (bytes > MAX_SEGMENT_BYTES) {
    return { reason: 'segment-too-long', detail: `segment ${index} is ${bytes} bytes; the limit is ${MAX_SEGMENT_BYTES}` }
  }
  // Windows and SMB drop a trailing dot or space ("secret." opens "secret"); an edge space is invisible.
  if (segment.startsWith(' ') || segment.endsWith(' ') || segment.endsWith('.')) {
    return { reason: 'segment-edge', detail: `segment ${index} starts or ends with a space, or ends with "."` }
  }
  return undefined
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}
