import type { TokenKind } from '../token/interface.js'

/** Versions accepted on decode. We emit only the first. */
export const ACCEPTED_VERSIONS = ['1.0.0', '1.0.0-rc.1'] as const
export const EMITTED_VERSION = '1.0.0'

const KINDS: readonly TokenKind[] = ['dlg', 'inv']

export interface ParsedTag {
  readonly kind: TokenKind
  readonly version: string
}

/**
 * Every tag we accept, `ucan/<kind>@<version>` for each kind and accepted
 * version, spelled out: a lookup replaces parsing, and a tag is accepted
 * exactly when it is one of these strings.
 */
export const ACCEPTED_TAGS: ReadonlyMap<string, ParsedTag> = new Map(
  KINDS.flatMap((kind) =>
    ACCEPTED_VERSIONS.map((version) => [`ucan/${kind}@${version}`, Object.freeze({ kind, version })] as const),
  ),
)

/** Split `ucan/<kind>@<version>`; `undefined` when it is not a kind and version we accept. */
export function parseTag(tag: string): ParsedTag | undefined {
  return ACCEPTED_TAGS.get(tag)
}

export function formatTag(kind: TokenKind): string {
  return `ucan/${kind}@${EMITTED_VERSION}`
}
