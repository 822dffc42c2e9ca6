import type { Recap, SiweMessageFields } from '@capchain/siwe'
import { paint } from './style.js'

const LABELS: readonly (readonly [keyof SiweMessageFields, string])[] = [
  ['scheme', 'scheme'],
  ['domain', 'domain'],
  ['address', 'address'],
  ['statement', 'statement'],
  ['uri', 'uri'],
  ['version', 'version'],
  ['chainId', 'chain id'],
  ['nonce', 'nonce'],
  ['issuedAt', 'issued at'],
  ['expirationTime', 'expires'],
  ['notBefore', 'not before'],
  ['requestId', 'request id'],
]

/** A SIWE message's fields as aligned lines, then its resources and its decoded ReCap, if any. */
export function siweToText(fields: SiweMessageFields, recap: Recap | undefined): string {
  const lines = LABELS.filter(([key]) => fields[key] !== undefined).map(
    ([key, label]) => `${label.padEnd(11)}${key === 'address' ? paint('cyan', String(fields[key])) : String(fields[key])}`,
  )
  for (const [i, resource] of (fields.resources ?? []).entries()) lines.push(`${(i === 0 ? 'resources' : '').padEnd(11)}- ${resource}`)
  if (recap !== undefined) lines.push(`${'recap'.padEnd(11)}${JSON.stringify(recap)}`)
  return lines.join('\n')
}
