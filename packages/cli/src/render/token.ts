import type { Token } from '@capchain/core'
import { toString } from 'uint8arrays/to-string'
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

/** One token as readable lines. */
export function tokenToText(token: Token): string {
  const p = token.payload
  const lines = [
    `${paint('bold', token.kind === 'dlg' ? 'Delegation' : 'Invocation')} ${paint('cyan', token.cid.toString())}`,
    `  tag      ${token.envelope.tag}   signed ${token.envelope.header.alg} over ${token.envelope.header.enc}`,
    `  iss      ${p.iss}`,
  ]
  if (token.kind === 'dlg') {
    const d = token.payload
    lines.push(`  aud      ${d.aud}`)
    lines.push(`  sub      ${d.sub ?? paint('yellow', 'null (powerline)')}`)
    lines.push(`  cmd      ${paint('green', d.cmd)}`)
    lines.push(`  pol      ${JSON.stringify(toJsonValue(d.pol))}`)
    lines.push(`  nbf      ${formatTime(d.nbf)}`)
    lines.push(`  exp      ${formatTime(d.exp)}`)
    if (d.meta !== undefined) lines.push(`  meta     ${JSON.stringify(toJsonValue(d.meta))}`)
  } else {
    const i = token.payload
    lines.push(`  sub      ${i.sub}`)
    if (i.aud !== undefined) lines.push(`  aud      ${i.aud}`)
    lines.push(`  cmd      ${paint('green', i.cmd)}`)
    lines.push(`  args     ${JSON.stringify(toJsonValue(i.args))}`)
    lines.push(`  iat      ${formatTime(i.iat)}`)
    lines.push(`  exp      ${formatTime(i.exp)}`)
    lines.push(`  prf      ${i.prf.length === 0 ? '(none)' : i.prf.map(String).join('\n           ')}`)
    if (i.meta !== undefined) lines.push(`  meta     ${JSON.stringify(toJsonValue(i.meta))}`)
    if (i.cause !== undefined) lines.push(`  cause    ${i.cause.toString()}`)
  }
  lines.push(`  nonce    ${toString(p.nonce, 'base64')}`)
  return lines.join('\n')
}
