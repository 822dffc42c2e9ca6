import { InvalidSiweOptionError } from '../errors.js'

/**
 * Check the `domains` option (the SIWE domains a service trusts): absent, or
 * an array of strings, compared exactly with a root's `domain`.
 * @throws {InvalidSiweOptionError} if `domains` is given and is not an array of strings (`at: domains`).
 */
export function checkDomains(domains: readonly string[] | undefined): void {
  if (domains !== undefined && (!Array.isArray(domains) || !domains.every((d) => typeof d === 'string'))) {
    throw new InvalidSiweOptionError('domains must be an array of strings', { at: 'domains' })
  }
}
