import { HEADER_SUFFIX, type SiweMessageFields } from './interface.js'

/**
 * Lay out fields as EIP-4361 message text. No checks: callers pass fields
 * that {@link createSiweMessage} has validated (a raw statement with a line
 * break would forge the lines after it).
 */
export function renderSiweFields(fields: SiweMessageFields): string {
  const lines = [`${fields.scheme === undefined ? '' : `${fields.scheme}://`}${fields.domain}${HEADER_SUFFIX}`, fields.address, '']
  // address LF LF [ statement LF ] LF: the statement line and its blank line, or one blank line.
  if (fields.statement !== undefined) lines.push(fields.statement)
  lines.push(
    '',
    `URI: ${fields.uri}`,
    `Version: ${fields.version}`,
    `Chain ID: ${fields.chainId}`,
    `Nonce: ${fields.nonce}`,
    `Issued At: ${fields.issuedAt}`,
  )
  if (fields.expirationTime !== undefined) lines.push(`Expiration Time: ${fields.expirationTime}`)
  if (fields.notBefore !== undefined) lines.push(`Not Before: ${fields.notBefore}`)
  if (fields.requestId !== undefined) lines.push(`Request ID: ${fields.requestId}`)
  if (fields.resources !== undefined) lines.push('Resources:', ...fields.resources.map((resource) => `- ${resource}`))
  return lines.join('\n')
}
