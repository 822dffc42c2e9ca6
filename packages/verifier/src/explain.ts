/**
 * `explain(result)`: a verification result as a text tree for a person, one
 * node per link, root first, the invocation (if any) last:
 *
 *   ✘ denied [ERR_EXPIRED → Expired]: prf[1] (bafy…) expired at …
 *   prf[0] bafy…
 *   │ did:key:zA → did:key:zB
 *   │ sub did:key:zA · cmd /storage · pol [["<=", ".size", 1024]]
 *   │ nbf — · exp 2026-01-01T00:00:00.000Z
 *   └─ prf[1] bafy…   ✘ ERR_EXPIRED
 *      …
 *
 * Not on the hot path: call it when a person needs to read a decision.
 */
import { renderValue } from '@capchain/policy'
import type { ChainLink, VerificationResult } from './interface.js'
import { specErrorName } from './spec-error-name.js'

const POLICY_WIDTH = 160

export function explain(result: VerificationResult<unknown>): string {
  const lines: string[] = []
  const failedAt = result.ok ? undefined : result.error.at
  if (result.ok) {
    lines.push(`✔ authorized: ${summary(result.links)}`)
  } else {
    const { error } = result
    lines.push(`✘ denied [${error.code} → ${specErrorName(error)}]: ${error.message}`)
  }

  result.links.forEach((link, depth) => {
    const indent = '   '.repeat(Math.max(0, depth - 1))
    const head = depth === 0 ? '' : `${indent}└─ `
    const body = `${depth === 0 ? '' : `${indent}   `}│ `
    const mark = link.at === failedAt ? `   ✘ ${result.ok ? '' : result.error.code}` : ''
    lines.push(`${head}${link.at} ${link.cid.toString()}${mark}`)
    for (const line of describe(link)) lines.push(`${body}${line}`)
  })
  if (!result.ok && failedAt !== undefined && !result.links.some((link) => link.at === failedAt)) {
    lines.push(`✘ ${failedAt}${result.error.cid === undefined ? '' : ` ${result.error.cid}`} (not among the links above)`)
  }
  return lines.join('\n')
}

function summary(links: readonly ChainLink[]): string {
  const last = links[links.length - 1]
  if (last === undefined) return 'empty chain'
  const { payload } = last.token
  const subject = payload.sub ?? links.find((link) => link.token.payload.sub !== null)?.token.payload.sub
  return last.token.kind === 'inv'
    ? `${payload.iss} may run ${payload.cmd} on ${subject} (${links.length - 1} delegation${links.length === 2 ? '' : 's'})`
    : `${last.token.payload.aud} holds ${payload.cmd} on ${subject} (${links.length} delegation${links.length === 1 ? '' : 's'})`
}

function describe(link: ChainLink): string[] {
  const { token } = link
  if (token.kind === 'dlg') {
    const { iss, aud, sub, cmd, pol, nbf, exp } = token.payload
    return [
      `${iss} → ${aud}`,
      `sub ${sub ?? 'null (powerline)'} · cmd ${cmd} · pol ${renderValue(pol, POLICY_WIDTH)}`,
      `nbf ${nbf === undefined ? '—' : time(nbf)} · exp ${exp === null ? 'never' : time(exp)}`,
    ]
  }
  const { iss, aud, sub, cmd, args, exp } = token.payload
  return [
    `${iss} → ${aud ?? `${sub} (sub, no aud)`}`,
    `sub ${sub} · cmd ${cmd} · args ${renderValue(args, POLICY_WIDTH)}`,
    `exp ${exp === null ? 'never' : time(exp)}`,
  ]
}

function time(seconds: number): string {
  const ms = seconds * 1000
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(seconds)
}
