import { CapchainError } from '@capchain/core/errors'
import { specErrorName, VerificationError } from '@capchain/verifier'
import { UsageError } from '../io/usage-error.js'
import { paint } from './style.js'

/**
 * An error as a readable chain: the error, then each `cause` indented below
 * it, each with its code, token CID and location where known.
 */
export function errorToText(error: unknown): string {
  const lines: string[] = []
  let current: unknown = error
  let depth = 0
  while (current !== undefined && depth < 8) {
    const indent = '  '.repeat(depth)
    const arrow = depth === 0 ? paint('red', 'error', process.stderr) : 'caused by'
    if (current instanceof CapchainError) {
      lines.push(`${indent}${arrow} ${current.code}: ${current.message}`)
      if (current.cid !== undefined) lines.push(`${indent}  token ${current.cid}`)
      if (current.at !== undefined) lines.push(`${indent}  at    ${current.at}`)
    } else {
      lines.push(`${indent}${arrow} ${current instanceof Error ? current.message : String(current)}`)
    }
    current = current instanceof Error ? current.cause : undefined
    depth += 1
  }
  return lines.join('\n')
}

/**
 * An error for `--json` output. A usage error has the code `ERR_USAGE`. A
 * verifier's denial also carries `specName`, the UCAN 1.0 test vectors' label
 * for it (`Expired`, `InvalidSignature`, …), for tools that compare with other
 * implementations.
 */
export function errorToJson(error: unknown): Record<string, unknown> {
  if (error instanceof VerificationError) return { ...error.toJSON(), specName: specErrorName(error) }
  if (error instanceof CapchainError) return error.toJSON()
  if (error instanceof UsageError) return { name: error.name, code: 'ERR_USAGE', message: error.message }
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) }
}
