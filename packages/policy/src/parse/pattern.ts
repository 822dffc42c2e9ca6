import { InvalidPolicyError, PolicyLimitError } from '../errors.js'
import type { Pattern, PatternFragment, PolicyLimits } from '../interface.js'

/**
 * Knuth–Morris–Pratt failure table: `table[i]` is the length of the longest
 * proper prefix of `text[0..i]` that is also a suffix of it. Built once here
 * so each search at evaluation time is a single linear pass.
 */
function failureTable(text: string): Int32Array {
  const table = new Int32Array(text.length)
  let k = 0
  for (let i = 1; i < text.length; i++) {
    while (k > 0 && text.charCodeAt(i) !== text.charCodeAt(k)) k = table[k - 1] ?? 0
    if (text.charCodeAt(i) === text.charCodeAt(k)) k++
    table[i] = k
  }
  return table
}

/**
 * Compiles a `like` pattern. The spec makes `*` the only special character
 * and `\*` its escape. It does not say what `\` before anything else means,
 * and implementations disagree (go-ucan drops the backslash, rs-ucan keeps
 * it), so we accept exactly two escapes, `\*` (a literal `*`) and `\\` (a
 * literal `\`, so a pattern can say "backslash, then anything"), and reject
 * every other backslash rather than guess.
 *
 * @param at Position of the pattern in the policy, for error messages.
 * @throws {InvalidPolicyError} on an unknown escape or a trailing backslash.
 * @throws {PolicyLimitError} if the pattern is longer than `limits.maxPatternLength`.
 */
export function compilePattern(source: string, at: string | undefined, limits: PolicyLimits): Pattern {
  if (source.length > limits.maxPatternLength) {
    throw new PolicyLimitError(
      'maxPatternLength',
      limits.maxPatternLength,
      `like pattern is ${source.length} characters long; the limit is ${limits.maxPatternLength}`,
      { at },
    )
  }
  const pieces: string[] = []
  let piece = ''
  for (let i = 0; i < source.length; i++) {
    const char = source[i]
    if (char === '*') {
      pieces.push(piece)
      piece = ''
    } else if (char === '\\') {
      const next = source[i + 1]
      if (next !== '*' && next !== '\\') {
        const shown = next === undefined ? 'a trailing "\\"' : `"\\${next}"`
        throw new InvalidPolicyError(
          `like pattern ${JSON.stringify(source)} has ${shown} at offset ${i}; the only escapes are \\* and \\\\`,
          { at },
        )
      }
      piece += next
      i++
    } else {
      piece += char
    }
  }
  pieces.push(piece)
  const prefix = pieces[0] ?? ''
  if (pieces.length === 1) return { source, wildcard: false, prefix, suffix: '', middle: [] }
  const middle: PatternFragment[] = []
  for (let i = 1; i < pieces.length - 1; i++) {
    const text = pieces[i] ?? ''
    // Consecutive wildcards leave empty fragments, which match anywhere.
    if (text !== '') middle.push({ text, table: failureTable(text) })
  }
  return { source, wildcard: true, prefix, suffix: pieces[pieces.length - 1] ?? '', middle }
}
