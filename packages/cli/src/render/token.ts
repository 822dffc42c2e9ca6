import type { Token } from '@capchain/core'
import { toString } from 'uint8arrays/to-string'
import type { TokenNode } from '../chain/arrange.js'
import { toJsonValue } from './ipld-json.js'
import { paint } from './style.js'
import { formatTime } from './time.js'

/** One token for `--json`: CID, kind, header, signature and payload in DAG-JSON conventions. */
export function tokenToJson(token: Token): Record<string, unknown> {
  return {
    cid: token.cid.toString(),
    kind: token.kind === 'dlg' ? 'delegation' : 'invocation',
    tag: token.envelope.tag,
    header: { alg: token.envelope.header.alg, enc: token.envelope.header.enc },
    signature: toString(token.envelope.signature, 'base64'),
    payload: toJsonValue(token.envelope.payload),
  }
}

/**
 * One token as readable lines: a heading with its kind and CID, then
 * `issuer → audience` and each field, indented by two spaces.
 */
function tokenLines(token: Token): string[] {
  const p = token.payload
  const json = (value: unknown) => JSON.stringify(toJsonValue(value))
  const lines: string[] = []
  if (token.kind === 'dlg') {
    const d = token.payload
    const root = d.sub !== null && d.iss === d.sub ? ' (root)' : ''
    lines.push(`${paint('bold', 'Delegation')} ${paint('cyan', token.cid.toString())}${root}`)
    lines.push(`  ${d.iss} ${paint('yellow', '→')} ${d.aud}`)
    lines.push(`  sub      ${d.sub ?? paint('yellow', 'null (powerline)')}`)
    lines.push(`  cmd      ${paint('green', d.cmd)}`)
    lines.push(`  pol      ${json(d.pol)}`)
    lines.push(`  nbf      ${formatTime(d.nbf)}`)
    lines.push(`  exp      ${formatTime(d.exp)}`)
    if (d.meta !== undefined) lines.push(`  meta     ${json(d.meta)}`)
  } else {
    const i = token.payload
    lines.push(`${paint('bold', 'Invocation')} ${paint('cyan', token.cid.toString())}`)
    lines.push(`  ${i.iss} ${paint('yellow', '→')} ${i.aud ?? i.sub}`)
    lines.push(`  sub      ${i.sub}`)
    lines.push(`  cmd      ${paint('green', i.cmd)}`)
    lines.push(`  args     ${json(i.args)}`)
    lines.push(`  iat      ${formatTime(i.iat)}`)
    lines.push(`  exp      ${formatTime(i.exp)}`)
    lines.push(`  prf      ${i.prf.length === 0 ? '(none)' : i.prf.map(String).join('\n           ')}`)
    if (i.meta !== undefined) lines.push(`  meta     ${json(i.meta)}`)
    if (i.cause !== undefined) lines.push(`  cause    ${i.cause.toString()}`)
  }
  lines.push(`  tag      ${token.envelope.tag}   signed ${token.envelope.header.alg} over ${token.envelope.header.enc}`)
  lines.push(`  nonce    ${p.nonce.length === 0 ? '(empty)' : toString(p.nonce, 'base64')}`)
  return lines.flatMap((line) => line.split('\n'))
}

/**
 * Tokens as trees, one after another: each token below the one it extends,
 * the invocations last.
 *
 * ```
 * Delegation bafy…a (root)
 *   did:key:alice → did:key:bob
 *   …
 * ├─ Delegation bafy…b
 * │    did:key:bob → did:key:carol
 * │    …
 * └─ Delegation bafy…c
 *      …
 * ```
 */
export function forestToText(roots: readonly TokenNode[]): string {
  return roots.map((root) => nodeLines(root, undefined).join('\n')).join('\n\n')
}

/** A node and its subtree; `branch` is the prefix of its parent's children and whether it is the last of them. */
function nodeLines(node: TokenNode, branch: { prefix: string; last: boolean } | undefined): string[] {
  const [heading, ...body] = tokenLines(node.token)
  const inner = branch === undefined ? '' : branch.prefix + (branch.last ? '   ' : paint('dim', '│') + '  ')
  const lines = [branch === undefined ? heading! : branch.prefix + paint('dim', branch.last ? '└─' : '├─') + ' ' + heading, ...body.map((line) => inner + line)]
  node.children.forEach((child, i) => lines.push(...nodeLines(child, { prefix: inner, last: i === node.children.length - 1 })))
  return lines
}
