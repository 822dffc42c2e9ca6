import { InvalidPolicyError, PolicyLimitError } from '../errors.js'
import type { PolicyLimits, PolicyOptions, Segment, Selector } from '../interface.js'
import { resolveLimits } from '../limits.js'

/**
 * Selector grammar, as the delegation spec's "Selectors" table allows it
 * (jq's filter syntax, restricted):
 *
 *   selector := "." | "." first? segment*
 *   first    := name optional | bracket optional
 *   segment  := "." name optional | "."? bracket optional
 *   bracket  := "[" ( "" | string | int | int? ":" int? ) "]"
 *   name     := [A-Za-z_][A-Za-z0-9_]*
 *   int      := "0" | "-"? [1-9][0-9]*
 *   optional := "?"*
 *
 * `string` is a JSON string literal. Rejected, with the reason: `..`
 * anywhere (jq recursive descent), a trailing `.`, whitespace, `[:]`,
 * integers with leading zeros, `-0`, integers beyond 2^53, and `?` on the
 * bare identity (it can never fail, so `.?` is most likely a typo).
 */

const NAME_START = /[A-Za-z_]/
const NAME_PART = /[A-Za-z0-9_]/
const INTEGER = /^(?:0|-?[1-9][0-9]*)$/

/** Internal: carries the offset to `parseSelectorAt`, which turns it into an `InvalidPolicyError`. */
class SelectorSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason)
  }
}

function parseInteger(text: string, offset: number): number {
  if (!INTEGER.test(text)) throw new SelectorSyntaxError(`"${text}" is not an integer`, offset)
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new SelectorSyntaxError(`index ${text} is beyond 2^53`, offset)
  return value
}

/** Reads `?`s after a segment; repeats are idempotent (spec: `.foo???` is `.foo?`). */
function readOptional(source: string, pos: number): number {
  while (source[pos] === '?') pos++
  return pos
}

/** Parses `[…]` starting at `open` (the `[`); returns the segment and the offset after `]` and any `?`. */
function parseBracket(source: string, open: number): Segment {
  let pos = open + 1
  if (source[pos] === '"') {
    // Scan to the closing quote, skipping escaped characters, then let
    // JSON.parse validate the escapes and decode the key.
    let close = pos + 1
    while (close < source.length && source[close] !== '"') close += source[close] === '\\' ? 2 : 1
    if (close >= source.length) throw new SelectorSyntaxError('unterminated string', pos)
    let key: unknown
    try {
      key = JSON.parse(source.slice(pos, close + 1))
    } catch {
      throw new SelectorSyntaxError('invalid JSON string literal', pos)
    }
    pos = close + 1
    if (source[pos] !== ']') throw new SelectorSyntaxError('expected "]" after the string', pos)
    const end = readOptional(source, pos + 1)
    return { kind: 'field', key: key as string, optional: end > pos + 1, end }
  }
  const close = source.indexOf(']', pos)
  if (close < 0) throw new SelectorSyntaxError('unterminated "["', open)
  const inner = source.slice(pos, close)
  const end = readOptional(source, close + 1)
  const optional = end > close + 1
  if (inner === '') return { kind: 'iterate', optional, end }
  const colon = inner.indexOf(':')
  if (colon < 0) return { kind: 'index', index: parseInteger(inner, pos), optional, end }
  const from = inner.slice(0, colon)
  const to = inner.slice(colon + 1)
  if (from === '' && to === '') throw new SelectorSyntaxError('a slice needs a start or an end', pos)
  return {
    kind: 'slice',
    start: from === '' ? undefined : parseInteger(from, pos),
    stop: to === '' ? undefined : parseInteger(to, pos + colon + 1),
    optional,
    end,
  }
}

function parseName(source: string, start: number): Segment {
  if (!NAME_START.test(source[start] ?? '')) {
    const found = source[start]
    if (found === undefined) throw new SelectorSyntaxError('a selector must not end with "."', start)
    if (found === '.') throw new SelectorSyntaxError('".." (recursive descent) is not supported', start - 1)
    if (found === '?') throw new SelectorSyntaxError('"?" must follow a field, index, slice or "[]"', start)
    throw new SelectorSyntaxError(`unexpected ${JSON.stringify(found)}; quote such keys as ["…"]`, start)
  }
  let pos = start + 1
  while (pos < source.length && NAME_PART.test(source[pos] ?? '')) pos++
  const end = readOptional(source, pos)
  return { kind: 'field', key: source.slice(start, pos), optional: end > pos, end }
}

function parseSegments(source: string): Segment[] {
  if (source[0] !== '.') throw new SelectorSyntaxError('selector must start with "."', 0)
  const segments: Segment[] = []
  if (source.length === 1) return segments
  let pos = 1
  // Right after the leading dot a name or a bracket may follow directly.
  if (source[pos] === '[') {
    segments.push(parseBracket(source, pos))
  } else {
    segments.push(parseName(source, pos))
  }
  pos = segments[0]?.end ?? pos
  while (pos < source.length) {
    const char = source[pos]
    let segment: Segment
    if (char === '[') {
      segment = parseBracket(source, pos)
    } else if (char === '.') {
      segment = source[pos + 1] === '[' ? parseBracket(source, pos + 1) : parseName(source, pos + 1)
    } else if (char === '?') {
      throw new SelectorSyntaxError('"?" must follow a field, index, slice or "[]"', pos)
    } else {
      throw new SelectorSyntaxError(`unexpected ${JSON.stringify(char)}`, pos)
    }
    segments.push(segment)
    pos = segment.end
  }
  return segments
}

/**
 * Parses a selector such as `.files[0]["content-type"]?`.
 *
 * @param at Position of the selector in the policy, for error messages.
 * @throws {InvalidPolicyError} if the selector is malformed.
 * @throws {PolicyLimitError} if it is longer than `limits.maxSelectorLength`.
 */
export function parseSelectorAt(source: string, at: string | undefined, limits: PolicyLimits): Selector {
  if (source.length > limits.maxSelectorLength) {
    throw new PolicyLimitError(
      'maxSelectorLength',
      limits.maxSelectorLength,
      `selector is ${source.length} characters long; the limit is ${limits.maxSelectorLength}`,
      { at },
    )
  }
  try {
    return { source, segments: parseSegments(source) }
  } catch (error) {
    if (!(error instanceof SelectorSyntaxError)) throw error
    const message =
      error.offset === 0 && source[0] !== '.'
        ? error.reason
        : `invalid selector ${JSON.stringify(source)} at offset ${error.offset}: ${error.reason}`
    throw new InvalidPolicyError(message, { at })
  }
}

/**
 * Parses a selector on its own, outside a policy.
 *
 * @throws {InvalidPolicyError} if the selector is malformed.
 * @throws {PolicyLimitError} if it is longer than the `maxSelectorLength` limit.
 * @throws {InvalidPolicyOptionsError} if a limit override is not a positive integer.
 */
export function parseSelector(source: string, options?: PolicyOptions): Selector {
  return parseSelectorAt(source, undefined, resolveLimits(options))
}
