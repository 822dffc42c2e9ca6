/**
 * Error locations in CACAO terms. The SIWE checks name EIP-4361 fields
 * (`issuedAt`, `resources[2]`); a CACAO names them differently (`p.iat`,
 * `p.resources[2]`), and that is what a caller holding the block can find.
 */
import type { CapchainError, CapchainErrorOptions } from '@capchain/core/errors'
import {
  InvalidRecapError,
  InvalidRootCapabilityError,
  InvalidSiweMessageError,
  MissingRecapError,
  RecapStatementMismatchError,
} from '../errors.js'

const CACAO_FIELD: Readonly<Record<string, string>> = {
  domain: 'p.domain',
  address: 'p.iss',
  chainId: 'p.iss',
  statement: 'p.statement',
  uri: 'p.aud',
  version: 'p.version',
  nonce: 'p.nonce',
  issuedAt: 'p.iat',
  expirationTime: 'p.exp',
  notBefore: 'p.nbf',
  requestId: 'p.requestId',
  resources: 'p.resources',
}

/** The CACAO path of a SIWE error location: `resources[1].att["x"]` → `p.resources[1].att["x"]`. */
export function cacaoPath(siweAt: string | undefined): string {
  if (siweAt === undefined) return 'p'
  const name = /^[A-Za-z]+/.exec(siweAt)?.[0] ?? ''
  const field = CACAO_FIELD[name]
  return field === undefined ? siweAt : `${field}${siweAt.slice(name.length)}`
}

// The SIWE, ReCap and mapping errors a CACAO check can raise; all take (message, options).
const RELOCATED = [
  InvalidSiweMessageError,
  InvalidRecapError,
  MissingRecapError,
  RecapStatementMismatchError,
  InvalidRootCapabilityError,
] as const

/**
 * Run `check`; a SIWE, ReCap or root-mapping error it throws is thrown again
 * as the same class and code, located at the CACAO path and carrying `context.cid`
 * (a location already in CACAO terms, `p.…`, is kept).
 */
export function atCacaoPaths<T>(check: () => T, context: CapchainErrorOptions): T {
  try {
    return check()
  } catch (error) {
    const Class = RELOCATED.find((candidate) => (error as { constructor?: unknown } | null)?.constructor === candidate)
    if (Class === undefined) throw error
    const original = error as CapchainError
    throw new Class(original.message, { ...context, at: cacaoPath(original.at), cause: original })
  }
}
