import { siweRootFormat } from '@capchain/siwe'
import type { RootFormat } from '@capchain/verifier'
import { UsageError } from '../../io/usage-error.js'
import type { VerifierSection } from './format.js'

/** The verifier configuration a file asks for. */
export interface VerifierSetup {
  readonly clockSkew: number
  readonly rootFormats: RootFormat[]
  readonly domains?: readonly string[]
}

/**
 * Read a file's `verifier` section.
 *
 * @throws {UsageError} the section is missing or malformed (the file is not one we can run)
 */
export function verifierSetup(section: VerifierSection | undefined): VerifierSetup {
  if (section === undefined || typeof section.clockSkew !== 'number') throw new UsageError('the vector file has no verifier.clockSkew')
  const domains = section.siwe?.domains
  if (domains === undefined) return { clockSkew: section.clockSkew, rootFormats: [] }
  if (!Array.isArray(domains) || !domains.every((domain) => typeof domain === 'string')) {
    throw new UsageError('the vector file\'s verifier.siwe.domains must be an array of strings')
  }
  return { clockSkew: section.clockSkew, rootFormats: [siweRootFormat({ domains })], domains }
}
