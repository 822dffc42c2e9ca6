import type { TokenKind } from '../token/interface.js'

/** Versions accepted on decode. We emit only the first. */
export const ACCEPTED_VERSIONS = ['1.0.0', '1.0.0-rc.1'] as const
export const EMITTED_VERSION = '1.0.0'

const KINDS: ReadonlySet<string> = new Set<TokenKind>(['dlg', 'inv'])

export interface ParsedTag {
  kind: TokenKind
  version: string
}

/** Split `ucan/<kind>@<version>`; `undefined` when it is not a kind and version we accept. */
export function parseTag(tag: string): ParsedTag | undefined {
  const match = /^ucan\/([a-z]+)@(.+)$/.exec(tag)
  if (match === null) return undefined
  const [, kind, version] = match as unknown as [string, string, string]
  if (!KINDS.has(kind) || !(ACCEPTED_VERSIONS as readonly string[]).includes(version)) return undefined
  return { kind: kind as TokenKind, version }
}

export function formatTag(kind: TokenKind): string {
  return `ucan/${kind}@${EMITTED_VERSION}`
}
