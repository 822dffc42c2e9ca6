/**
 * What a storage path may be. A path is compared to policies character for
 * character in the signed `args`, so it cannot be normalised on arrival: a
 * path is accepted only when it is already in the one canonical form, and
 * every way to write "the same place" twice, or to make a storage backend
 * read something other than what the policy saw, is refused. Each rule's
 * reason is in docs/storage.md ("Paths").
 */

/** Longest path, in UTF-8 bytes. */
export const MAX_PATH_BYTES = 1024

/** Most segments in a path (`/a/b` has 2). */
export const MAX_PATH_SEGMENTS = 64

/** Longest segment, in UTF-8 bytes: the common file-system limit for one name. */
export const MAX_SEGMENT_BYTES = 255

/** Why a path was refused; stable values, one per rule. */
export type PathRejection =
  | 'type'
  | 'too-long'
  | 'ill-formed'
  | 'relative'
  | 'backslash'
  | 'percent'
  | 'control'
  | 'format'
  | 'whitespace'
  | 'private-use'
  | 'unassigned'
  | 'lookalike'
  | 'not-nfc'
  | 'not-nfkc'
  | 'trailing-slash'
  | 'too-many-segments'
  | 'empty-segment'
  | 'dot-segment'
  | 'segment-too-long'
  | 'segment-edge'
  | 'root'

/**
 * Character rules, checked in this order over the whole path. Each pattern
 * matches a character that is refused anywhere in a path.
 */
export const CHARACTER_RULES: readonly (readonly [PathRejection, RegExp, string])[] = [
  // A separator on Windows and SMB backends, and the escape character of `like` patterns.
  ['backslash', /\\/u, 'a backslash'],
  // Paths arrive decoded; a "%" means a layer decodes twice (`%2e%2e`, `%2f`, `%5c`).
  ['percent', /%/u, 'a "%" (percent-encoding is not decoded, and not accepted)'],
  // NUL truncates C strings; other controls, line and paragraph separators hide text in logs.
  ['control', /[\p{Cc}\p{Zl}\p{Zp}]/u, 'a control character'],
  // Invisible: zero-width joiners, bidi overrides (a path that displays in another order), BOM.
  ['format', /\p{Cf}/u, 'an invisible formatting character'],
  // Only U+0020 is accepted as a space; NBSP, ideographic space … look the same and are not.
  ['whitespace', /(?! )\p{Zs}/u, 'a space character other than U+0020'],
  // Rendered as anything, depending on the font.
  ['private-use', /\p{Co}/u, 'a private-use character'],
  // May gain a normalisation mapping in a later Unicode version, so NFC today proves nothing.
  ['unassigned', /\p{Cn}/u, 'an unassigned code point'],
  // Display as a path separator without being one (NFKC leaves these unchanged).
  ['lookalike', /[\u0337\u0338\u20EB\u2044\u2215\u2216\u2571\u2572\u27CB\u27CD\u29F5\u29F8\u29F9\uFE68\uFF0F\uFF3C]/u, 'a character that looks like "/" or "\\"'],
]
